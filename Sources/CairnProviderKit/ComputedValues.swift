extension ResourceSchema {
    /// The attributes a change is planned to have when the provider knows nothing more: the
    /// proposed properties as given, and each computed attribute not proposed keeps its value from
    /// `prior`, or is unknown when there is no prior (a create) or it had none.
    public func plannedAttributes(prior: ResourceObject?, proposed: [String: Value]) -> [String: Value] {
        var attributes = proposed
        for (name, property) in properties where property.computed {
            if let value = proposed[name], !value.isNull { continue }
            attributes[name] = ResourceSchema.computedValue(name, prior: prior)
        }
        return attributes
    }

    /// A computed attribute's planned value when nothing forces it to change: the prior object's,
    /// else unknown until apply.
    public static func computedValue(_ name: String, prior: ResourceObject?) -> Value {
        prior?.attributes[name] ?? .unknown
    }
}
