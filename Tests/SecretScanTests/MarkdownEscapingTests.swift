import Testing

@testable import SecretScan

struct MarkdownEscapingTests {
    /// A pipe followed by a combining mark is one Swift character but still a pipe to a Markdown
    /// parser: it is escaped in prose and in code spans, so a table row keeps its cells (the report
    /// fuzz target found a path that split a row). A backtick with a combining mark still counts
    /// for the code span's fence.
    @Test func aPipeOrBacktickBeforeACombiningMarkIsEscaped() {
        #expect(MarkdownReporter.code("a|\u{0611}b") == "`a\\|\u{0611}b`")
        #expect(MarkdownReporter.text("x|\u{0611}y") == "x\\|\u{0611}y")
        #expect(MarkdownReporter.code("`\u{0301}") == "`` `\u{0301} ``")
        #expect(MarkdownReporter.code("plain|path") == "`plain\\|path`")
    }
}
