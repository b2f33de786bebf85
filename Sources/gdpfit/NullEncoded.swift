/// An optional that gdpfit's JSON writes as `null` when absent, instead of leaving its key out as
/// synthesized `Encodable` does (it writes optionals with `encodeIfPresent`). Used for keys a
/// script can rely on being present: `aicc` when undefined, a take-off year never reached, an
/// interval end that does not exist. Optionals that are present only on request (`intervals`) stay
/// plain and are omitted.
@propertyWrapper
struct NullEncoded<Value: Encodable>: Encodable {
    var wrappedValue: Value?

    init(wrappedValue: Value?) { self.wrappedValue = wrappedValue }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let wrappedValue { try container.encode(wrappedValue) } else { try container.encodeNil() }
    }
}

extension NullEncoded: Sendable where Value: Sendable {}
