/// How a portal is run: where the stores are and the limits it enforces.
public struct PortalConfiguration: Sendable {
    public var stores: String
    /// Uploads larger than this (the whole multipart body) get 413.
    public var maxUploadBytes: Int64
    /// bcrypt cost of new passwords (12 in production; tests lower it).
    public var bcryptCost: UInt8
    /// Failed sign-ins per account allowed within `loginWindow` seconds before 429.
    public var loginAttempts: Int
    public var loginWindow: Double

    public init(
        stores: String, maxUploadBytes: Int64 = 256 << 20, bcryptCost: UInt8 = 12,
        loginAttempts: Int = 5, loginWindow: Double = 300
    ) {
        self.stores = stores
        self.maxUploadBytes = maxUploadBytes
        self.bcryptCost = bcryptCost
        self.loginAttempts = loginAttempts
        self.loginWindow = loginWindow
    }
}
