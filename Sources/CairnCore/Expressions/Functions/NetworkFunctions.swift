import CairnProviderKit

/// CIDR arithmetic with Terraform's semantics, for IPv4 and IPv6.
enum NetworkFunctions {
    static let all: [ExpressionFunction] = [
        ExpressionFunction("cidrsubnet", "prefix, newbits, netnum", arity: 3...3) { call in
            let (address, length) = try prefix(call)
            let newbits = try call.integer(1)
            let netnum = try call.integer(2)
            guard newbits >= 0 else { throw call.error("newbits must not be negative", argument: 1) }
            guard length + newbits <= address.bits else {
                let extra = call.shown(1, String(newbits))
                throw call.error("insufficient address space to extend prefix of \(length) by \(extra)", argument: 1)
            }
            guard netnum >= 0, newbits >= 64 || UInt64(netnum) >> newbits == 0 else {
                let (extra, number) = (call.shown(1, String(newbits)), call.shown(2, String(netnum)))
                throw call.error(
                    "prefix extension of \(extra) does not accommodate a subnet numbered \(number)",
                    argument: 2)
            }
            let newLength = length + newbits
            let subnet = address.network(prefix: length)
                .with(IPAddress.shifted(UInt64(netnum), by: address.bits - newLength))
            return .string("\(subnet.text)/\(newLength)")
        },
        ExpressionFunction("cidrhost", "prefix, hostnum", arity: 2...2) { call in
            let (address, length) = try prefix(call)
            let hostnum = try call.integer(1)
            let hostBits = address.bits - length
            let fits = hostBits >= 64 || UInt64(hostnum.magnitude) <= (UInt64(1) << hostBits) - (hostnum < 0 ? 0 : 1)
            guard fits else {
                let number = call.shown(1, String(hostnum))
                throw call.error("prefix of \(length) does not accommodate a host numbered \(number)", argument: 1)
            }
            var host = (high: UInt64(0), low: UInt64(hostnum.magnitude))
            if hostnum < 0 {
                // Counting back from the last address: all host bits set, minus (|hostnum| - 1).
                let last = IPAddress.ones(hostBits)
                let back = UInt64(hostnum.magnitude) - 1
                host = (last.high - (last.low < back ? 1 : 0), last.low &- back)
            }
            return .string(address.network(prefix: length).with(host).text)
        },
        ExpressionFunction("cidrnetmask", "prefix", arity: 1...1) { call in
            let (address, length) = try prefix(call)
            guard address.bits == 32 else { throw call.error("only IPv4 prefixes have a netmask", argument: 0) }
            let mask = IPAddress(high: 0, low: UInt64(UInt32.max), bits: 32).network(prefix: length)
            return .string(mask.text)
        },
    ]

    private static func prefix(_ call: FunctionCall) throws -> (IPAddress, Int) {
        let text = try call.string(0)
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let address = IPAddress.parse(String(parts[0])),
            parts[1].allSatisfy({ $0.isASCII && $0.isNumber }), let length = Int(parts[1]),
            (0...address.bits).contains(length)
        else {
            throw call.error(
                "\"\(call.shown(0, text))\" is not a CIDR prefix", argument: 0,
                hint: "write an address and a prefix length, such as \"10.0.0.0/16\"")
        }
        return (address, length)
    }
}
