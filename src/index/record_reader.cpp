#include "util/json_scanner.hpp"
#include "vnsearch/record.hpp"

#include <cstdint>
#include <nlohmann/json.hpp>

namespace vnsearch {
namespace {

/// Reads the record JSON the index stores, value by value into an ArticleRecord, without
/// building a JSON tree: a page reads ten records, and parsing them into nlohmann::json
/// took a third of its time. Anything it does not expect makes it give up (false), and
/// record_from_data falls back to the general parser.
class RecordReader {
public:
    explicit RecordReader(std::string_view s) : m_in(s) {}

    bool read(ArticleRecord& r) {
        return m_in.object([&](std::string_view key) { return member(r, key); }) &&
               m_in.at_end(); // nothing after the object
    }

private:
    /// The value of `key` in the record's object, into its field.
    bool member(ArticleRecord& r, std::string_view key) {
        if (key == "id")
            return m_in.text(r.id);
        if (key == "title")
            return m_in.text(r.title);
        if (key == "published")
            return m_in.text(r.published);
        if (key == "published_rule")
            return m_in.text(r.published_rule);
        if (key == "signed")
            return m_in.text(r.signed_on);
        if (key == "signed_rule")
            return m_in.text(r.signed_rule);
        if (key == "year")
            return m_in.integer(r.year);
        if (key == "kind")
            return m_in.text(r.kind);
        if (key == "province")
            return m_in.text(r.province);
        if (key == "former_province")
            return m_in.text(r.former_province);
        if (key == "carriers")
            return texts(r.carriers);
        if (key == "pillars")
            return texts(r.pillars);
        if (key == "period")
            return m_in.text(r.period);
        if (key == "vision")
            return m_in.integer(r.vision);
        if (key == "signatories")
            return signatories(r.signatories);
        if (key == "evidence")
            return evidence(r.evidence);
        if (key == "corrections")
            return corrections(r.corrections);
        if (key == "source")
            return source(r);
        if (key == "content_hash")
            return m_in.text(r.content_hash);
        if (key == "text")
            return m_in.text(r.text);
        return m_in.skip();
    }

    /// The strings of an array (other elements skipped), or nothing for another value.
    bool texts(std::vector<std::string>& out) {
        out.clear();
        if (!m_in.next_is('['))
            return m_in.skip();
        return m_in.array([&] {
            if (!m_in.next_is('"'))
                return m_in.skip();
            return m_in.string(out.emplace_back());
        });
    }
    bool signatories(std::vector<Signatory>& out) {
        out.clear();
        if (!m_in.next_is('['))
            return m_in.skip();
        return m_in.array([&] {
            Signatory& s = out.emplace_back();
            if (!m_in.next_is('{'))
                return m_in.skip();
            return m_in.object([&](std::string_view key) {
                if (key == "name")
                    return m_in.text(s.name);
                if (key == "title")
                    return m_in.text(s.title);
                return m_in.skip();
            });
        });
    }
    bool evidence(std::vector<Evidence>& out) {
        out.clear();
        if (!m_in.next_is('['))
            return m_in.skip();
        return m_in.array([&] {
            Evidence& e = out.emplace_back();
            if (!m_in.next_is('{'))
                return m_in.skip();
            return m_in.object([&](std::string_view key) {
                if (key == "fact")
                    return m_in.text(e.fact);
                if (key == "value")
                    return m_in.text(e.value);
                if (key == "begin")
                    return offset(e.begin);
                if (key == "end")
                    return offset(e.end);
                return m_in.skip();
            });
        });
    }
    bool corrections(std::vector<Correction>& out) {
        out.clear();
        if (!m_in.next_is('['))
            return m_in.skip();
        return m_in.array([&] {
            Correction& c = out.emplace_back();
            if (!m_in.next_is('{'))
                return m_in.skip();
            return m_in.object([&](std::string_view key) {
                if (key == "field")
                    return m_in.text(c.field);
                if (key == "value")
                    return m_in.text(c.value);
                if (key == "extracted")
                    return m_in.text(c.extracted);
                if (key == "note")
                    return m_in.text(c.note);
                return m_in.skip();
            });
        });
    }
    /// A byte offset: an integer as m_in.integer() reads it, as record_from_json casts it.
    bool offset(std::uint32_t& out) {
        int v = 0;
        if (!m_in.integer(v))
            return false;
        out = static_cast<std::uint32_t>(v);
        return true;
    }
    bool source(ArticleRecord& r) {
        r.path.clear();
        r.url.clear();
        r.site.clear();
        if (!m_in.next_is('{'))
            return m_in.skip();
        return m_in.object([&](std::string_view key) {
            if (key == "path")
                return m_in.text(r.path);
            if (key == "url")
                return m_in.text(r.url);
            if (key == "site")
                return m_in.text(r.site);
            return m_in.skip();
        });
    }

    util::JsonScanner m_in;
};

} // namespace

bool detail::read_record(std::string_view data, ArticleRecord& out) {
    out = ArticleRecord{};
    return RecordReader(data).read(out);
}

std::optional<ArticleRecord> record_from_data(std::string_view data) {
    ArticleRecord r;
    if (detail::read_record(data, r))
        return r;
    const auto j = nlohmann::json::parse(data, nullptr, false);
    if (j.is_discarded() || !j.is_object())
        return std::nullopt;
    return record_from_json(j);
}

} // namespace vnsearch
