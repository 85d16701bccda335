extension Unicode.Scalar {
    /// A letter that may start or continue a name. ASCII is answered without Unicode's property
    /// tables, which cost a noticeable share of loading a big stack (every name and reference).
    var isNameLetter: Bool {
        if isASCII { return (self >= "a" && self <= "z") || (self >= "A" && self <= "Z") }
        return properties.isAlphabetic
    }

    var isASCIIDigit: Bool { self >= "0" && self <= "9" }
}
