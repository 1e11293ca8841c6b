#include "index/document_builder.hpp"

#include "positions/positions.hpp"
#include "text/vietnamese.hpp"
#include "util/fnv1a.hpp"

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>

namespace vnsearch {
namespace {

std::uint64_t mix(std::uint64_t x) {
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdull;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ull;
    x ^= x >> 33;
    return x;
}

void add_term(Xapian::Document& doc, std::string_view prefix, std::string_view term,
              Xapian::termcount wdf = 1) {
    if (term.empty() || prefix.size() + term.size() > schema::max_term_bytes)
        return;
    std::string t;
    t.reserve(prefix.size() + term.size());
    t.append(prefix).append(term);
    doc.add_term(t, wdf);
}

/// A mention term (Knowledge::*_mention), unless its name has no letters or digits (nothing
/// after its prefix) or it is too long.
void add_mention(Xapian::Document& doc, std::string_view prefix, const std::string& term) {
    if (term.size() > prefix.size() && term.size() <= schema::max_term_bytes)
        doc.add_term(term, 1);
}

void add_boolean(Xapian::Document& doc, std::string_view prefix, std::string_view value) {
    if (value.empty())
        return;
    doc.add_boolean_term(std::string(prefix) + std::string(value));
}

/// A facet's code or bits in its own slot (schema::slot_province ...); none for 0 (an empty
/// value removes one a document being refiled had).
void add_code(Xapian::Document& doc, Xapian::valueno slot, std::uint8_t code) {
    doc.add_value(slot, code != 0 ? std::string(1, static_cast<char>(code)) : std::string());
}

/// The date results sort by: the publication date, else the signing date, else the year.
std::uint32_t sort_date(const ArticleRecord& r) {
    for (const std::string* iso : {&r.published, &r.signed_on})
        if (const auto d = PartialDate::parse(*iso))
            return d->yyyymmdd();
    return r.year > 0 ? static_cast<std::uint32_t>(r.year) * 10000u : 0;
}

} // namespace

Signature minhash(const std::vector<Token>& tokens) {
    Signature sig;
    sig.fill(0xFFFFFFFFu);
    std::array<std::uint64_t, 4> window{};
    std::size_t seen = 0;
    for (const Token& t : tokens) {
        if (t.part || t.kind != TokenKind::word)
            continue;
        window[seen % window.size()] = util::fnv1a(t.folded);
        if (++seen < window.size())
            continue;
        std::uint64_t shingle = 0;
        for (std::size_t k = 0; k < window.size(); ++k)
            shingle = mix(shingle ^ window[(seen + k) % window.size()]);
        for (std::size_t i = 0; i < sig.size(); ++i) {
            const auto h =
                static_cast<std::uint32_t>(mix(shingle + 0x9E3779B97F4A7C15ull * (i + 1)) >> 32);
            sig[i] = std::min(sig[i], h);
        }
    }
    return sig;
}

std::string pack_signature(const Signature& s) {
    std::string out(s.size() * 4, '\0');
    for (std::size_t i = 0; i < s.size(); ++i)
        for (std::size_t b = 0; b < 4; ++b)
            out[i * 4 + b] = static_cast<char>((s[i] >> (8 * b)) & 0xFF);
    return out;
}

Signature unpack_signature(std::string_view bytes) noexcept {
    Signature s{};
    if (bytes.size() != s.size() * 4)
        return s;
    for (std::size_t i = 0; i < s.size(); ++i)
        for (std::size_t b = 0; b < 4; ++b)
            s[i] |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i * 4 + b]))
                    << (8 * b);
    return s;
}

std::unordered_map<std::string, Xapian::doccount> accented_frequencies(const Xapian::Database& db,
                                                                       const Knowledge& knowledge) {
    std::unordered_map<std::string, Xapian::doccount> out;
    // Documents with some spelling of a folded syllable other than its usual one.
    std::unordered_map<std::string, Xapian::doccount> other;
    const std::string xa(schema::accented);
    for (auto t = db.allterms_begin(xa); t != db.allterms_end(xa); ++t) {
        std::string word = (*t).substr(xa.size());
        std::string folded = fold_diacritics(word);
        const Xapian::doccount df = t.get_termfreq();
        if (knowledge.usual_form(folded) != word)
            other[folded] += df;
        if (word != folded)
            out[word] = df;
    }
    for (const auto& [folded, usual] : knowledge.usual_forms) {
        const Xapian::doccount all = db.get_termfreq(folded);
        const Xapian::doccount others = other.count(folded) ? other[folded] : 0;
        Xapian::doccount& n = out[usual];
        n = std::max(n, all > others ? all - others : 0);
        if (n == 0)
            out.erase(usual);
    }
    return out;
}

DocumentBuilder::DocumentBuilder(std::shared_ptr<const Knowledge> knowledge,
                                 XapianPositions xapian_positions)
    : m_knowledge(std::move(knowledge)), m_analyzer(m_knowledge->lexicon),
      m_xapian_positions(xapian_positions) {}

schema::FacetRecord DocumentBuilder::facets(const ArticleRecord& r) const {
    const Knowledge& k = *m_knowledge;
    schema::FacetRecord f;
    f.province = static_cast<std::uint8_t>(k.province_code(r.province));
    f.former = static_cast<std::uint8_t>(k.former_code(r.former_province));
    for (const std::string& c : r.carriers)
        if (const int i = k.carrier_index(c); i >= 0)
            f.carriers |= static_cast<std::uint8_t>(1u << i);
    for (const std::string& p : r.pillars)
        if (const auto it = std::find(pillar_ids.begin(), pillar_ids.end(), p);
            it != pillar_ids.end())
            f.pillars |= static_cast<std::uint8_t>(1u << (it - pillar_ids.begin()));
    f.year = static_cast<std::uint16_t>(std::clamp(r.year, 0, 9999));
    f.yyyymmdd = sort_date(r);
    if (const auto it = std::find(kind_ids.begin(), kind_ids.end(), r.kind); it != kind_ids.end())
        f.kind = static_cast<std::uint8_t>(1 + (it - kind_ids.begin()));
    return f;
}

void Spellings::add(const Token& t, Xapian::termcount wdf) {
    auto& forms = m_forms[t.folded];
    for (auto& [form, count] : forms)
        if (form == t.norm) {
            count += wdf;
            return;
        }
    forms.emplace_back(t.norm, wdf);
}

void Spellings::add_terms(Xapian::Document& doc, const Knowledge& k) const {
    for (const auto& [folded, forms] : m_forms) {
        const std::string_view usual = k.usual_form(folded);
        for (const auto& [form, wdf] : forms)
            if (form != usual)
                add_term(doc, schema::accented, form, wdf);
    }
}

void DocumentBuilder::index_title(Xapian::Document& doc, std::string_view title,
                                  Spellings& spellings) const {
    // Title words weigh more and are searchable with title:, but carry no positions of
    // their own: a headline crawled with the story is already in the body's positions.
    for (const Token& t : tokenize(title)) {
        if (!schema::indexed_term(t.folded))
            continue;
        doc.add_term(t.folded, schema::title_wdf);
        spellings.add(t, schema::title_wdf);
        add_term(doc, schema::title, t.folded);
    }
}

void DocumentBuilder::index_body(Xapian::Document& doc, const Extraction& e,
                                 Spellings& spellings) const {
    const Knowledge& k = *m_knowledge;
    const std::vector<Token>& tokens = e.tokens;
    for (const Token& t : tokens) {
        if (!schema::indexed_term(t.folded))
            continue;
        if (m_xapian_positions == XapianPositions::written)
            doc.add_posting(t.folded, schema::body_positions + t.position);
        else
            doc.add_term(t.folded);
        spellings.add(t, 1);
    }
    doc.add_value(schema::slot_positions, document_positions(tokens));
    for (const Mention& m : e.places) {
        const PlaceRef ref = PlaceRef::unpack(m.payload);
        if (ref.kind == PlaceRef::town)
            continue;
        add_mention(doc, schema::mention_province, k.province_mention(ref.province));
        if (ref.former != 0)
            add_mention(doc, schema::mention_former, k.former_mention(ref.former));
    }
    for (const Mention& m : e.carriers)
        add_mention(doc, schema::mention_carrier, k.carrier_mention(static_cast<int>(m.payload)));
    doc.add_value(schema::slot_signature, pack_signature(minhash(tokens)));
}

Xapian::Document DocumentBuilder::build(const Extraction& e) const {
    const ArticleRecord& r = e.record;
    Xapian::Document doc;
    add_boolean(doc, schema::id, r.id);
    Spellings spellings;
    index_title(doc, r.title, spellings);
    index_body(doc, e, spellings);
    spellings.add_terms(doc, *m_knowledge);

    add_facts(doc, r);
    doc.add_value(schema::slot_hash, r.content_hash);
    doc.add_value(schema::slot_source, r.path);
    if (e.analysed_bytes < r.text.size()) {
        // The data holds what was analysed; the rest waits in a value for the document view.
        ArticleRecord analysed = r;
        analysed.text.resize(e.analysed_bytes);
        doc.add_value(schema::slot_rest_of_text, r.text.substr(e.analysed_bytes));
        doc.set_data(to_json(analysed).dump());
    } else {
        doc.set_data(to_json(r).dump());
    }
    return doc;
}

void DocumentBuilder::add_facts(Xapian::Document& doc, const ArticleRecord& r) const {
    add_boolean(doc, schema::province, slug(r.province));
    add_boolean(doc, schema::former, slug(r.former_province));
    for (const std::string& c : r.carriers)
        add_boolean(doc, schema::carrier, slug(c));
    for (const std::string& p : r.pillars)
        add_boolean(doc, schema::pillar, p);
    add_boolean(doc, schema::period, r.period);
    if (r.vision > 0)
        add_boolean(doc, schema::vision, std::to_string(r.vision));
    if (r.year > 0)
        add_boolean(doc, schema::year, std::to_string(r.year));
    if (const auto d = PartialDate::parse(r.published); d && d->month > 0) {
        const std::string compact = std::to_string(d->yyyymmdd());
        add_boolean(doc, schema::month, compact.substr(0, 6));
        if (d->day > 0)
            add_boolean(doc, schema::day, compact);
    }
    add_boolean(doc, schema::kind, r.kind);
    doc.add_value(schema::slot_outlet, outlet_of(r)); // empty: none (refiled: removed)
    const schema::FacetRecord f = facets(r);
    doc.add_value(schema::slot_date, Xapian::sortable_serialise(f.yyyymmdd));
    doc.add_value(schema::slot_year, Xapian::sortable_serialise(f.year));
    doc.add_value(schema::slot_facets, f.pack());
    add_code(doc, schema::slot_province, f.province);
    add_code(doc, schema::slot_former, f.former);
    add_code(doc, schema::slot_carriers, f.carriers);
    add_code(doc, schema::slot_pillars, f.pillars);
    add_code(doc, schema::slot_kind, f.kind);
}

void DocumentBuilder::refile(Xapian::Document& doc, const ArticleRecord& r) const {
    // The filter terms of the facts; the text's own terms, the id and the mentions stay.
    static constexpr std::array<std::string_view, 10> fact_prefixes = {
        schema::province, schema::former, schema::carrier, schema::pillar, schema::period,
        schema::vision,   schema::year,   schema::month,   schema::day,    schema::kind};
    std::vector<std::string> stale;
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
        const std::string& term = *t;
        for (const std::string_view prefix : fact_prefixes) {
            // A one-letter prefix (Y, M, D) is followed by digits; the X ones by a value.
            const bool digits_follow = term.size() > prefix.size() && term[prefix.size()] >= '0' &&
                                       term[prefix.size()] <= '9';
            if (term.compare(0, prefix.size(), prefix) == 0 &&
                (prefix.size() > 1 ? term.size() > prefix.size() &&
                                         !(term[prefix.size()] >= 'A' && term[prefix.size()] <= 'Z')
                                   : digits_follow)) {
                stale.push_back(term);
                break;
            }
        }
    }
    for (const std::string& term : stale)
        doc.remove_term(term);
    add_facts(doc, r);
    doc.set_data(to_json(r).dump());
}

} // namespace vnsearch
