import CCurl
import CairnProviderKit
import Foundation

/// libcurl's process-wide setup. Swift runs a global's initializer once, thread-safely, on first use.
private let curlReady: Bool = curl_global_init(Int(CURL_GLOBAL_ALL)) == CURLE_OK

/// A failed transfer: curl's result code and a message naming the request.
struct TransferFailure: Error {
    var code: UInt32
    var message: String
    var hint: String?

    var providerError: ProviderError { ProviderError(message, hint: hint) }

    /// Connection-level failures: no connection could be made, or it broke mid-exchange. A broken
    /// connection may follow a request the server did act on, hence retrying only safe requests.
    var isConnectionError: Bool {
        let retryable: [CURLcode] = [
            CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY, CURLE_COULDNT_CONNECT,
            CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_GOT_NOTHING,
        ]
        return retryable.contains { $0.rawValue == code }
    }
}

/// Collects the response body from curl's write callback.
private final class BodySink {
    var data = Data()
}

private func receiveBody(
    _ chunk: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int,
    _ context: UnsafeMutableRawPointer?
) -> Int {
    let length = size * count
    guard let chunk, let context else { return 0 }
    let sink = Unmanaged<BodySink>.fromOpaque(context).takeUnretainedValue()
    sink.data.append(UnsafeRawPointer(chunk).assumingMemoryBound(to: UInt8.self), count: length)
    return length
}

/// One blocking transfer on a fresh easy handle.
enum CurlTransfer {
    static func run(_ request: HTTPRequest) -> Result<HTTPResponse, TransferFailure> {
        let label = "\(request.method.uppercased()) \(request.url)"
        guard curlReady else {
            return .failure(TransferFailure(code: CURLE_FAILED_INIT.rawValue, message: "\(label): libcurl failed to initialise"))
        }
        let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        // Declared before the handle so it is freed after curl_easy_cleanup.
        defer { errorBuffer.deallocate() }
        guard let handle = curl_easy_init() else {
            return .failure(TransferFailure(code: CURLE_FAILED_INIT.rawValue, message: "\(label): curl_easy_init failed"))
        }
        defer { curl_easy_cleanup(handle) }
        var headerList: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(headerList) }
        let sink = BodySink()

        do {
            try configure(handle, request, headers: &headerList, sink: sink)
            try check(cairn_curl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer), "ERRORBUFFER")
        } catch {
            let text = String(cString: curl_easy_strerror(CURLcode(error.code)))
            return .failure(TransferFailure(code: error.code, message: "\(label): cannot set \(error.option): \(text)"))
        }
        let code = withExtendedLifetime(sink) { curl_easy_perform(handle) }
        guard code == CURLE_OK else {
            let detail = String(cString: errorBuffer)
            let summary = String(cString: curl_easy_strerror(code))
            let text = detail.isEmpty ? summary : "\(summary): \(detail)"
            let hint = request.unixSocketPath.map { "the request went to the Unix socket \($0)" }
            return .failure(TransferFailure(code: code.rawValue, message: "\(label) failed: \(text)", hint: hint))
        }
        var status = 0
        _ = cairn_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return .success(HTTPResponse(status: status, headers: responseHeaders(handle), body: sink.data))
    }

    private static func configure(
        _ handle: UnsafeMutableRawPointer, _ request: HTTPRequest,
        headers list: inout UnsafeMutablePointer<curl_slist>?, sink: BodySink
    ) throws(SetupFailure) {
        let method = request.method.uppercased()
        try check(cairn_curl_setopt_string(handle, CURLOPT_URL, request.url), "URL")
        try check(cairn_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1), "NOSIGNAL")
        if method == "HEAD" {
            try check(cairn_curl_setopt_long(handle, CURLOPT_NOBODY, 1), "NOBODY")
        } else {
            try check(cairn_curl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, method), "CUSTOMREQUEST")
        }
        if request.timeout > 0 {
            let total = Int(request.timeout * 1000)
            try check(cairn_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, total), "TIMEOUT_MS")
            try check(cairn_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, min(total, 10_000)), "CONNECTTIMEOUT_MS")
        }
        if let socket = request.unixSocketPath {
            try check(cairn_curl_setopt_string(handle, CURLOPT_UNIX_SOCKET_PATH, socket), "UNIX_SOCKET_PATH")
        }
        if let body = request.body {
            // COPYPOSTFIELDS copies, so the bytes need not outlive this call; the size must be set first.
            var bytes = [UInt8](body)
            let size = bytes.count
            if bytes.isEmpty { bytes = [0] }
            try check(cairn_curl_setopt_long(handle, CURLOPT_POSTFIELDSIZE, size), "POSTFIELDSIZE")
            let copied = bytes.withUnsafeMutableBytes { cairn_curl_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, $0.baseAddress) }
            try check(copied, "COPYPOSTFIELDS")
        }
        var lines = request.headers.map { name, value in value.isEmpty ? "\(name);" : "\(name): \(value)" }
        // Without this curl waits for "100 Continue" before sending larger bodies.
        if !request.headers.contains(where: { $0.0.lowercased() == "expect" }) { lines.append("Expect:") }
        for line in lines {
            guard let grown = curl_slist_append(list, line) else {
                throw SetupFailure(code: CURLE_OUT_OF_MEMORY.rawValue, option: "HTTPHEADER")
            }
            list = grown
        }
        try check(cairn_curl_setopt_slist(handle, CURLOPT_HTTPHEADER, list), "HTTPHEADER")
        try check(cairn_curl_setopt_write(handle, receiveBody), "WRITEFUNCTION")
        let context = Unmanaged.passUnretained(sink).toOpaque()
        try check(cairn_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, context), "WRITEDATA")
    }

    private struct SetupFailure: Error {
        var code: UInt32
        var option: String
    }

    private static func check(_ code: CURLcode, _ option: String) throws(SetupFailure) {
        if code != CURLE_OK { throw SetupFailure(code: code.rawValue, option: option) }
    }

    /// Headers of the final response (not of any interim 1xx), read with curl's header API, which
    /// needs no callback and so no extra setopt wrapper.
    private static func responseHeaders(_ handle: UnsafeMutableRawPointer) -> [String: String] {
        var headers: [String: String] = [:]
        var previous: UnsafeMutablePointer<curl_header>?
        while let header = curl_easy_nextheader(handle, UInt32(CURLH_HEADER), -1, previous) {
            let name = String(cString: header.pointee.name).lowercased()
            let value = String(cString: header.pointee.value)
            headers[name] = headers[name].map { "\($0), \(value)" } ?? value
            previous = header
        }
        return headers
    }
}
