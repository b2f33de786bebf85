import Foundation

/// Reads the bytes of a data file named on the command line: a regular file, or a stream (a pipe,
/// a FIFO, `/dev/stdin`), which is read to its end without asking for its size.
///
/// What is refused, with a message naming the path: a missing file, a directory, anything that
/// cannot be opened (the system's reason), input larger than `maximumSize` (checked before reading
/// a regular file and while reading a stream, so `/dev/urandom` or an endless pipe cannot exhaust
/// memory), and input holding a NUL byte, which no CSV text contains (`/dev/zero`, a binary file):
/// the read stops at the first chunk that has one.
enum InputFile {
    /// The largest input read, in bytes (1 GiB: 50 times a 1,000,000-row series).
    static let maximumSize = 1 << 30

    /// Bytes read per system call.
    private static let chunkSize = 1 << 20

    static func bytes(atPath path: String, maximumSize: Int = InputFile.maximumSize) throws(SeriesError) -> [UInt8] {
        var status = stat()
        guard stat(path, &status) == 0 else { throw .unreadable(source: path, reason: systemReason(errno)) }
        if (status.st_mode & S_IFMT) == S_IFDIR { throw .unreadable(source: path, reason: "it is a directory, not a file") }

        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .unreadable(source: path, reason: systemReason(errno)) }
        defer { close(descriptor) }
        guard fstat(descriptor, &status) == 0 else { throw .unreadable(source: path, reason: systemReason(errno)) }
        if (status.st_mode & S_IFMT) == S_IFDIR { throw .unreadable(source: path, reason: "it is a directory, not a file") }
        let isRegular = (status.st_mode & S_IFMT) == S_IFREG
        if isRegular, Int(status.st_size) > maximumSize { throw tooLarge(path, maximumSize) }

        var bytes: [UInt8] = []
        // A regular file's size is a hint only (it may grow or shrink while read); streams have none.
        bytes.reserveCapacity(isRegular ? Int(status.st_size) + 1 : chunkSize)
        while true {
            let start = bytes.count
            bytes.append(contentsOf: repeatElement(0, count: chunkSize))
            let count = bytes.withUnsafeMutableBufferPointer { buffer in
                read(descriptor, buffer.baseAddress! + start, chunkSize)
            }
            if count < 0 {
                bytes.removeLast(chunkSize)
                if errno == EINTR { continue }
                throw .unreadable(source: path, reason: systemReason(errno))
            }
            bytes.removeLast(chunkSize - count)
            if count == 0 { break }
            if let offset = bytes[start...].firstIndex(of: 0) {
                throw .unreadable(source: path, reason: "not a text file (a NUL byte at byte \(offset + 1))")
            }
            if bytes.count > maximumSize { throw tooLarge(path, maximumSize) }
        }
        return bytes
    }

    private static func tooLarge(_ path: String, _ maximumSize: Int) -> SeriesError {
        let limit = maximumSize >= 1 << 20 ? "\(maximumSize >> 20) MiB" : "\(maximumSize) bytes"
        return .unreadable(source: path, reason: "larger than \(limit), the most gdpfit reads")
    }

    /// The system's words for an error number, with the obvious case said plainly.
    private static func systemReason(_ code: Int32) -> String {
        code == ENOENT ? "no such file" : String(cString: strerror(code)).lowercased()
    }
}
