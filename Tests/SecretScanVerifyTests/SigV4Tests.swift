import Foundation
import SecretScan
import Testing

@testable import SecretScanVerify

/// SigV4 against AWS's documented example and a signature computed by botocore for STS.
struct SigV4Tests {
    /// AWS's documentation example credentials (AKIDEXAMPLE), assembled at run time.
    static let documentationValue = "wJalrXUtnFEMI/K7MDENG+bPxRfiCY" + "EXAMPLEKEY"

    static func date(_ text: String) -> Date {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return f.date(from: text)!
    }

    @Test func awsDocumentationExample() {
        // "Create a signed AWS API request": GET iam ListUsers, 2015-08-30 12:36:00 UTC.
        let signer = SigV4(accessKeyID: "AKIDEXAMPLE", secretAccessKey: Self.documentationValue, region: "us-east-1", service: "iam")
        let added = signer.sign(
            method: "GET", path: "/", query: "Action=ListUsers&Version=2010-05-08",
            headers: [("Host", "iam.amazonaws.com"), ("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")], body: [],
            date: Self.date("20150830T123600Z"))
        #expect(added.first { $0.0 == "X-Amz-Date" }?.1 == "20150830T123600Z")
        #expect(
            added.first { $0.0 == "Authorization" }?.1
                == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, "
                + "SignedHeaders=content-type;host;x-amz-date, "
                + "Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7")
    }

    @Test func stsGetCallerIdentityMatchesBotocore() {
        // botocore 1.43 SigV4Auth on the same request and time gives this signature.
        let signer = SigV4(accessKeyID: "AKIDEXAMPLE", secretAccessKey: Self.documentationValue, region: "us-east-1", service: "sts")
        let added = signer.sign(
            method: "POST", path: "/", query: "",
            headers: [("Host", "sts.amazonaws.com"), ("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
            body: Array("Action=GetCallerIdentity&Version=2011-06-15".utf8), date: Self.date("20261203T073000Z"))
        #expect(
            added.first { $0.0 == "Authorization" }?.1.hasSuffix(
                "Signature=980e09a304909c667472ffe48c61f72f49f88a4d2179d36c0790a385509c7d67") == true)
    }

    @Test func hmacMatchesRFC4231() {
        // RFC 4231 test cases 2 and 6 (a key longer than the block).
        #expect(
            SigV4.hex(HMACSHA256.authenticate(Array("what do ya want for nothing?".utf8), key: Array("Jefe".utf8)))
                == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        #expect(
            SigV4.hex(
                HMACSHA256.authenticate(
                    Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8), key: [UInt8](repeating: 0xAA, count: 131)))
                == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
    }

    @Test func canonicalQuerySortsAndEncodes() {
        #expect(SigV4.canonicalQuery("b=2&a=x y&a=1") == "a=1&a=x%20y&b=2")
        #expect(SigV4.canonicalPath("") == "/")
        #expect(SigV4.canonicalPath("/a b/c") == "/a%20b/c")
    }
}
