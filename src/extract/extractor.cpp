#include "extract/extractor.hpp"

#include "extract/carriers.hpp"
#include "extract/dates.hpp"
#include "extract/kind.hpp"
#include "extract/page.hpp"
#include "extract/period.hpp"
#include "extract/pillars.hpp"
#include "extract/province.hpp"
#include "extract/signatories.hpp"
#include "extract/stance.hpp"
#include "vnsearch/schema.hpp"

#include <cassert>

namespace vnsearch {
namespace {

/// Records the sentence that decided a fact.
void cite(ArticleRecord& r, const extract::Page& page, std::string fact, std::string value,
          std::optional<std::size_t> sentence) {
    if (!sentence || *sentence >= page.sentences.size())
        return;
    const extract::Sentence& s = page.sentences[*sentence];
    r.evidence.push_back({std::move(fact), std::move(value), s.begin, s.end});
}

/// How much of a text is analysed: all of it, or up to the indexing limit, cut at a line
/// end or, failing that, between characters.
std::size_t analysed_length(std::string_view text) {
    if (text.size() <= schema::max_indexed_text_bytes)
        return text.size();
    std::size_t cut = text.rfind('\n', schema::max_indexed_text_bytes);
    if (cut == std::string_view::npos || cut < schema::max_indexed_text_bytes / 2) {
        cut = schema::max_indexed_text_bytes;
        while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
            --cut;
    }
    return cut;
}

RawArticle prefix(const RawArticle& raw, std::size_t bytes) {
    RawArticle cut = raw;
    cut.text.resize(bytes);
    return cut;
}

} // namespace

Extractor::Extractor(std::shared_ptr<const Knowledge> knowledge)
    : m_knowledge(std::move(knowledge)) {
    assert(m_knowledge != nullptr);
}

Extraction Extractor::analyse(const RawArticle& raw) const {
    using namespace extract;
    const Knowledge& k = *m_knowledge;
    // A huge text is read as far as the indexing limit; the record keeps the rest.
    const std::size_t cut = analysed_length(raw.text);
    Page page = cut == raw.text.size() ? read_page(raw) : read_page(prefix(raw, cut));
    std::vector<Stance> stances = read_stances(page);

    // Each fact finder reads the page and what the ones before it decided: the partner
    // province and the carriers tell the kind of story, the kind tells which signing the
    // dates and the period belong to, and whether told results are the story's pillars.
    CarrierFacts carriers = find_carriers(page, stances, k);
    const int period_hint = find_period(page, stances, std::nullopt).from;
    const FoundDate published = find_published(page, raw.published, raw.url, period_hint);
    ProvinceFacts province = find_province(page, carriers, published.date, k);
    const KindFacts kind = find_kind(page, stances, carriers, province, published.date, k);
    const PeriodFacts period = find_period(page, stances, kind.signing);
    const bool reports_signing = kind.kind == "agreement";
    const FoundDate signed_on =
        kind.kind == "other"
            ? FoundDate{}
            : find_signed(page, kind.signing, reports_signing, published, period.from);
    mark_earlier_periods(page, stances, period.from);
    const PillarFacts pillars = find_pillars(page, stances, k, kind.kind == "implementation");

    Extraction out;
    ArticleRecord& r = out.record;
    r.id = raw.id;
    r.url = raw.url;
    r.site = raw.site;
    r.path = raw.path;
    r.title = page.title;
    r.published = published.date.iso();
    r.published_rule = published.rule;
    cite(r, page, "published", r.published, published.sentence);
    r.signed_on = signed_on.date.iso();
    r.signed_rule = signed_on.rule;
    cite(r, page, "signed", r.signed_on, signed_on.sentence);
    r.year = facet_year(r);
    if (kind.kind != "other") { // a period and vision are a province–carrier agreement's
        r.period = period.period;
        cite(r, page, "period", r.period, period.where);
        r.vision = period.vision;
        if (period.vision != 0)
            cite(r, page, "vision", std::to_string(period.vision), period.vision_where);
    }
    if (province.province != 0) {
        r.province = k.provinces[static_cast<std::size_t>(province.province - 1)];
        cite(r, page, "province", r.province, province.where);
        if (province.former != 0) {
            r.former_province = k.former_provinces[static_cast<std::size_t>(province.former - 1)];
            cite(r, page, "former_province", r.former_province, province.where);
        }
    }
    for (std::size_t i = 0; i < carriers.carriers.size(); ++i) {
        r.carriers.push_back(k.carriers[static_cast<std::size_t>(carriers.carriers[i])]);
        cite(r, page, "carriers", r.carriers.back(), carriers.where[i]);
    }
    for (std::size_t i = 0; i < pillars.pillars.size(); ++i) {
        r.pillars.emplace_back(pillar_ids[static_cast<std::size_t>(pillars.pillars[i])]);
        cite(r, page, "pillars", r.pillars.back(), pillars.where[i]);
    }
    r.kind = kind.kind;
    cite(r, page, "kind", r.kind, kind.where);
    r.signatories = find_signatories(page);
    out.analysed_bytes = page.text.size();
    r.text = std::move(page.text);
    r.text.append(raw.text, cut);
    out.tokens = std::move(page.tokens);
    out.places = std::move(province.mentions);
    out.carriers = std::move(carriers.mentions);
    return out;
}

} // namespace vnsearch
