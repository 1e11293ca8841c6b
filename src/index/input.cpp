#include "index/input.hpp"

#include "util/fnv1a.hpp"
#include "vnsearch/utf8.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <zlib.h>

namespace vnsearch {
namespace fs = std::filesystem;
namespace {

enum class Format { txt, jsonl, jsonl_gz, other };

Format format_of(const fs::path& p) {
    const std::string name = p.filename().string();
    auto ends = [&](std::string_view suffix) {
        return name.size() > suffix.size() &&
               name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    if (ends(".txt"))
        return Format::txt;
    if (ends(".jsonl"))
        return Format::jsonl;
    if (ends(".jsonl.gz"))
        return Format::jsonl_gz;
    return Format::other;
}

/// Text files have no NUL bytes and are mostly valid UTF-8; anything else is binary.
bool looks_binary(std::string_view bytes, const DecodedText& decoded) {
    const std::string_view head = bytes.substr(0, 8192);
    if (head.find('\0') != std::string_view::npos)
        return true;
    // One bad sequence in 160 bytes is more than any mis-encoded article has.
    return decoded.invalid_sequences * 160 > bytes.size();
}

/// Reads lines from a plain or gzip'd file without loading it whole.
class LineReader {
public:
    explicit LineReader(const fs::path& p) : m_file(gzopen(p.c_str(), "rb")) {}
    ~LineReader() {
        if (m_file != nullptr)
            gzclose(m_file);
    }
    LineReader(const LineReader&) = delete;
    LineReader& operator=(const LineReader&) = delete;

    bool ok() const { return m_file != nullptr; }
    /// Why reading stopped before the end (damaged gzip data, a read error), or empty.
    const std::string& error() const { return m_error; }

    /// The next line without its newline; false at the end. Lines longer than the input
    /// limit are returned truncated with `too_long` set, the rest skipped.
    bool next(std::string& line, bool& too_long) {
        line.clear();
        too_long = false;
        while (true) {
            if (m_pos >= m_len) {
                if (m_eof)
                    return !line.empty() || too_long;
                const int n = gzread(m_file, m_buf, sizeof m_buf);
                int code = Z_OK;
                const char* why = n <= 0 ? gzerror(m_file, &code) : nullptr;
                if (code != Z_OK && code != Z_STREAM_END) { // a cut or damaged stream, a read error
                    std::string_view message = why != nullptr ? why : "unknown";
                    if (const std::size_t colon = message.rfind(": "); colon != message.npos)
                        message.remove_prefix(colon + 2); // zlib puts the path first
                    m_error = code == Z_ERRNO ? std::strerror(errno)
                                              : "damaged gzip data (" + std::string(message) + ")";
                }
                if (n <= 0) {
                    m_eof = true;
                    continue;
                }
                m_len = static_cast<std::size_t>(n);
                m_pos = 0;
            }
            const char* start = m_buf + m_pos;
            const void* nl = std::memchr(start, '\n', m_len - m_pos);
            const std::size_t take =
                nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - start) : m_len - m_pos;
            if (line.size() + take <= max_input_bytes)
                line.append(start, take);
            else
                too_long = true;
            m_pos += take;
            if (nl != nullptr) {
                ++m_pos;
                return true;
            }
        }
    }

private:
    gzFile m_file;
    std::string m_error;
    char m_buf[1 << 16];
    std::size_t m_pos = 0;
    std::size_t m_len = 0;
    bool m_eof = false;
};

std::string json_string(const nlohmann::json& j, const char* key) {
    const auto it = j.find(key);
    if (it == j.end() || it->is_null())
        return {};
    if (it->is_string())
        return it->get<std::string>();
    if (it->is_number_integer())
        return std::to_string(it->get<long long>());
    return {};
}

void read_txt(const fs::path& file, const std::function<void(InputArticle&&)>& article,
              const std::function<void(InputIssue&&)>& issue) {
    const std::string path = file.string();
    std::error_code ec;
    const auto size = fs::file_size(file, ec);
    if (ec) {
        issue({path, 0, "unreadable", path + ": cannot read: " + ec.message()});
        return;
    }
    if (size > max_input_bytes) {
        issue({path, 0, "too_large",
               path + ": " + std::to_string(size) + " bytes, over the 50 MB limit"});
        return;
    }
    std::ifstream in(file, std::ios::binary);
    std::string bytes(size, '\0');
    if (!in || !in.read(bytes.data(), static_cast<std::streamsize>(size))) {
        issue({path, 0, "unreadable", path + ": cannot read"});
        return;
    }
    if (bytes.find_first_not_of(" \t\r\n") == std::string::npos) {
        issue({path, 0, "empty", path + ": empty file"});
        return;
    }
    DecodedText decoded = decode_utf8(bytes);
    if (looks_binary(bytes, decoded)) {
        issue({path, 0, "binary", path + ": binary content, not a text article"});
        return;
    }
    if (decoded.invalid_sequences > 0)
        issue({path, 0, "invalid_utf8",
               path + ": " + std::to_string(decoded.invalid_sequences) +
                   " invalid UTF-8 sequences replaced by U+FFFD",
               false});
    InputArticle a;
    a.raw.id = file.stem().string();
    a.raw.path = path;
    a.raw.text = std::move(decoded.text);
    a.content_hash = content_hash(bytes);
    a.bytes = bytes.size();
    article(std::move(a));
}

void read_jsonl(const fs::path& file, const std::function<void(InputArticle&&)>& article,
                const std::function<void(InputIssue&&)>& issue) {
    const std::string path = file.string();
    LineReader reader(file);
    if (!reader.ok()) {
        issue({path, 0, "unreadable", path + ": cannot open"});
        return;
    }
    std::string line;
    bool too_long = false;
    std::size_t line_no = 0;
    while (reader.next(line, too_long)) {
        ++line_no;
        if (too_long) {
            issue({path, line_no, "too_large",
                   path + ":" + std::to_string(line_no) + ": record over the 50 MB limit"});
            continue;
        }
        if (std::optional<InputArticle> a = read_jsonl_record(line, file, line_no, issue))
            article(std::move(*a));
    }
    if (!reader.error().empty())
        issue({path, line_no, "unreadable",
               path + ": " + reader.error() +
                   (line_no > 0 ? "; the " + std::to_string(line_no) + " lines before it were read"
                                : std::string())});
    else if (line_no == 0)
        issue({path, 0, "empty", path + ": empty file"});
}

} // namespace

std::string content_hash(std::string_view bytes) {
    char out[17];
    std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(util::fnv1a(bytes)));
    return out;
}

std::string printable_path(const fs::path& p) {
    const std::string& bytes = p.native();
    if (is_valid_utf8(bytes))
        return bytes;
    std::string out;
    for (std::size_t i = 0; i < bytes.size();) {
        // Whole valid sequences stay; each byte of an invalid one is written \xHH.
        std::size_t len = 1;
        const auto b = static_cast<unsigned char>(bytes[i]);
        if (b >= 0xC2 && b < 0xE0)
            len = 2;
        else if (b >= 0xE0 && b < 0xF0)
            len = 3;
        else if (b >= 0xF0 && b < 0xF5)
            len = 4;
        if (b >= 0x80 && (i + len > bytes.size() || !is_valid_utf8(bytes.substr(i, len)))) {
            char hex[8];
            std::snprintf(hex, sizeof hex, "\\x%02X", b);
            out += hex;
            ++i;
            continue;
        }
        out.append(bytes, i, len);
        i += len;
    }
    return out;
}

std::optional<InputArticle> read_jsonl_record(std::string_view line, const fs::path& file,
                                              std::size_t line_no,
                                              const std::function<void(InputIssue&&)>& issue) {
    if (line.find_first_not_of(" \t\r") == std::string_view::npos)
        return std::nullopt;
    const std::string path = file.string();
    const std::string where = path + ":" + std::to_string(line_no);
    const DecodedText decoded = decode_utf8(line);
    nlohmann::json j = nlohmann::json::parse(decoded.text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
        issue({path, line_no, "invalid_json", where + ": not a JSON object"});
        return std::nullopt;
    }
    const auto text = j.find("text");
    if (text == j.end() || !text->is_string() ||
        text->get<std::string>().find_first_not_of(" \t\r\n") == std::string::npos) {
        issue({path, line_no, "missing_text", where + ": no \"text\" field (or it is empty)"});
        return std::nullopt;
    }
    if (decoded.invalid_sequences > 0)
        issue({path, line_no, "invalid_utf8",
               where + ": " + std::to_string(decoded.invalid_sequences) +
                   " invalid UTF-8 sequences replaced",
               false});
    InputArticle a;
    a.raw.id = json_string(j, "id");
    if (a.raw.id.empty()) {
        const std::string name = file.filename().string();
        a.raw.id = name.substr(0, name.find('.')) + ":" + std::to_string(line_no);
    }
    a.raw.text = text->get<std::string>();
    a.raw.title = json_string(j, "title");
    a.raw.published = json_string(j, "published");
    a.raw.url = json_string(j, "url");
    a.raw.site = json_string(j, "source");
    if (a.raw.site.empty()) // crawlers name the outlet either way
        a.raw.site = json_string(j, "site");
    a.raw.path = where;
    a.content_hash = content_hash(line);
    a.bytes = line.size();
    return a;
}

std::vector<fs::path> collect_input_files(const std::vector<fs::path>& inputs,
                                          std::vector<InputIssue>& issues) {
    std::set<fs::path> files;
    // A name that is not valid UTF-8 can be neither an id nor a source the records give.
    auto take = [&](const fs::path& file) {
        if (is_valid_utf8(file.native())) {
            files.insert(file.lexically_normal());
            return;
        }
        const std::string shown = printable_path(file);
        issues.push_back(
            {shown, 0, "bad_name",
             shown + ": the file name is not valid UTF-8; rename the file to index it"});
    };
    for (const fs::path& in : inputs) {
        std::error_code ec;
        const auto status = fs::status(in, ec);
        if (ec || !fs::exists(status)) {
            issues.push_back({printable_path(in), 0, "unreadable",
                              printable_path(in) + ": no such file or folder"});
            continue;
        }
        if (fs::is_directory(status)) {
            for (auto it = fs::recursive_directory_iterator(
                     in, fs::directory_options::skip_permission_denied, ec);
                 !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
                if (it->is_regular_file(ec) && format_of(it->path()) != Format::other)
                    take(it->path());
            }
            if (ec)
                issues.push_back({printable_path(in), 0, "unreadable",
                                  printable_path(in) + ": " + ec.message(), false});
        } else if (format_of(in) == Format::other) {
            issues.push_back({printable_path(in), 0, "unsupported",
                              printable_path(in) + ": not a .txt, .jsonl or .jsonl.gz file"});
        } else {
            take(in);
        }
    }
    return {files.begin(), files.end()};
}

void read_input_file(const fs::path& file, const std::function<void(InputArticle&&)>& article,
                     const std::function<void(InputIssue&&)>& issue) {
    switch (format_of(file)) {
    case Format::txt:
        read_txt(file, article, issue);
        return;
    case Format::jsonl:
    case Format::jsonl_gz:
        read_jsonl(file, article, issue);
        return;
    case Format::other:
        issue({file.string(), 0, "unsupported",
               file.string() + ": not a .txt, .jsonl or .jsonl.gz file"});
        return;
    }
}

} // namespace vnsearch
