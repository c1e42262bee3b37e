/// One line of a randomization file: which arm a subject was assigned to. Given to the analysis
/// only at unblinding; without it a blinded trial is analysed pooled.
public struct ArmAssignment: Sendable, Hashable {
    public var subject: String
    public var arm: String
    public var source: SourceLocation

    public init(subject: String, arm: String, source: SourceLocation = SourceLocation(file: "")) {
        self.subject = subject
        self.arm = arm
        self.source = source
    }
}
