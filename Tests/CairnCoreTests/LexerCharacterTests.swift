import Testing

@testable import CairnCore

@Suite struct LexerCharacterTests {
    @Test func asciiAndUnicodeLettersAgreeWithUnicodeProperties() {
        for scalar in (0..<0x3000).compactMap(Unicode.Scalar.init) {
            #expect(scalar.isNameLetter == scalar.properties.isAlphabetic, "U+\(String(scalar.value, radix: 16))")
        }
        #expect("é".unicodeScalars.first!.isNameLetter)
        #expect(!"-".unicodeScalars.first!.isNameLetter)
        #expect(!"7".unicodeScalars.first!.isNameLetter)
    }

    @Test func namesAndReferencesMayUseNonASCIILetters() throws {
        #expect(SectionBuilder.isIdentifier("café-2"))
        #expect(!SectionBuilder.isIdentifier("2café"))
        let t = try Template.parse("${local.größe}", at: SourceLocation(file: "s", line: 1, column: 1))
        #expect(t.references.first?.description.contains("größe") == true)
    }

    @Test func everyOneCharacterSymbolIsFoundWithoutItsRawValue() {
        for scalar in (0x20..<0x7F).compactMap(Unicode.Scalar.init) {
            #expect(ExpressionSymbol(scalar) == ExpressionSymbol(rawValue: String(scalar)), "\(scalar)")
        }
    }
}
