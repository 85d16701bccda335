import Foundation
import Testing
@testable import CairnState

@Suite struct SealedJSONTests {
    @Test func findsTheMarkerAnywhereAndOnlyWhenWhole() {
        let marker = Array("$sealed".utf8)
        #expect(SealedJSON.contains(marker, in: Data(#"{"$sealed":"x"}"#.utf8)))
        #expect(SealedJSON.contains(marker, in: Data("$sealed".utf8)))
        #expect(SealedJSON.contains(marker, in: Data(#"[1,"$$sealed"]"#.utf8)))
        #expect(!SealedJSON.contains(marker, in: Data(#"{"$seale":"d"}"#.utf8)))
        #expect(!SealedJSON.contains(marker, in: Data(#"{"sealed":1}"#.utf8)))
        #expect(!SealedJSON.contains(marker, in: Data()))
    }
}
