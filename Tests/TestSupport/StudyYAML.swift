/// Study-definition text the tests share (top-level YAML keys, to append to a study or
/// interpolate into one at column 0).
public enum StudyYAML {
    /// The myositis instruments and the TIS criterion read at Week 12. `enzymes`: the ENZYMES
    /// entry's keys (`items: [CK]`, limits of normal).
    public static func myositisTIS(enzymes: String) -> String {
        """
        mmt_scale: 80
        instruments:
          - {code: PHGA, min: 0, max: 10}
          - {code: PTGA, min: 0, max: 10}
          - {code: HAQ, min: 0, max: 3}
          - {code: MMT8}
          - {code: EXTRAMUSCULAR, min: 0, max: 10}
          - {code: ENZYMES, \(enzymes)}
        response_criteria:
          - {criterion: TIS, visits: [Week 12], primary_visit: Week 12}
        """
    }
}
