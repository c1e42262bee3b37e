/// The sign-in form. `csrf` is the double-submit token also set as a cookie before sign-in.
public enum LoginPage {
    public static func render(csrf: String, error: String? = nil, name: String = "") -> String {
        HTML.page(
            title: "Sign in", viewer: nil,
            body: """
                <h1>Sign in</h1>
                \(error.map { "<p class=\"err\" role=\"alert\">\(HTML.escape($0))</p>" } ?? "")
                <form method="post" action="/login" class="box">
                <input type="hidden" name="csrf" value="\(HTML.escape(csrf))">
                <p><label>Account <input name="name" autocomplete="username" required value="\(HTML.escape(name))"></label></p>
                <p><label>Password <input name="password" type="password" autocomplete="current-password" required></label></p>
                <p><button type="submit">Sign in</button></p>
                </form>
                """)
    }
}

/// A refusal or a missing page, as a page (the API answers JSON instead).
public enum ErrorPage {
    public static func render(status: Int, message: String, viewer: Viewer?) -> String {
        HTML.page(
            title: "\(status)", viewer: viewer,
            body: """
                <h1>\(status)</h1><p class="err">\(HTML.escape(message))</p>
                """)
    }
}
