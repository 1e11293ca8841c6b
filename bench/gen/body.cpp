// Writing the body of a document: a lead, then paragraphs drawn from the document's
// pillars, quotes and general sentences until the target length is reached.
#include "draft.hpp"
#include "writer.hpp"

#include <array>
#include <string>
#include <vector>

namespace vnsearch::gen {

namespace {

constexpr auto any = [](const Sentence&) { return true; };

// Paragraph kinds after the four pillars (0..3).
constexpr int quotes_kind = 4;
constexpr int general_kind = 5;

// How many sentences a paragraph has: one to four.
constexpr std::array<unsigned, 4> sentences_per_paragraph = {20, 40, 30, 10};

/// Target length 2 to 6 KB, most stories short.
std::size_t body_target(Rng& rng) {
    // 2048 + 3840 * u1 * u2 (u uniform in [0, 1]) has a mean of 2 KB + 960 bytes; the last
    // sentence overshoots the target by about 150 bytes, which brings the mean text near 3 KB.
    return min_bytes + static_cast<std::size_t>(rng.below(3841) * rng.below(3841) / 3840);
}

/// Which pool the next paragraph comes from: a pillar of the document, quotes or anything.
/// A cooperation story covers each of its pillars in turn before it draws.
class ParagraphKinds {
public:
    ParagraphKinds(std::uint8_t pillars, bool coop) : m_coop(coop) {
        for (int p = 0; p < 4; ++p)
            if ((pillars & (1u << p)) != 0)
                m_pillars.push_back(p);
    }

    int next(Rng& rng) {
        if (m_coop && m_covered < m_pillars.size())
            return m_pillars[m_covered++];
        const auto roll = rng.below(100);
        if (roll < 55)
            return m_pillars[rng.below(m_pillars.size())];
        return roll < 72 ? quotes_kind : general_kind;
    }

private:
    std::vector<int> m_pillars;
    std::size_t m_covered = 0;
    bool m_coop;
};

} // namespace

/// The body as it grows: its paragraphs and the bytes they will take once joined.
struct ArticleWriter::Body {
    std::vector<std::string> paragraphs = std::vector<std::string>(1); ///< [0]: the lead's
    std::size_t total = 0;
    std::size_t target = 0;
    bool full = false; ///< a sentence did not fit under max_bytes: the body is finished

    /// Adds a paragraph; `in_first`: it goes on the lead paragraph.
    void add(std::string para, bool in_first) {
        if (in_first && !paragraphs[0].empty()) {
            paragraphs[0] += ' ' + para;
            total += 1 + para.size();
        } else {
            total += (total == 0 ? 0 : 2) + para.size();
            paragraphs.push_back(std::move(para));
        }
    }
};

const Sentence* ArticleWriter::draw_lead(Draft& d) const {
    const auto& from = m_model.sentences;
    const Sentence* lead = nullptr;
    if (d.coop) {
        lead = draw(
            m_coop_leads, from, d,
            [&](const Sentence& s) { return s.carriers == d.carriers.size() && s.provinces == 1; },
            200);
        if (lead == nullptr)
            lead = draw(m_coop_leads, from, d, any, 200);
    } else {
        lead = draw(
            m_news_leads, from, d,
            [&](const Sentence& s) {
                return (d.old < 0 || s.provinces == 1) && (d.carriers.empty() || s.carriers >= 1);
            },
            200);
        if (lead == nullptr)
            lead = draw(m_news_leads, from, d, any, 200);
    }
    if (lead == nullptr)
        lead = draw(m_general, from, d, any, 1000);
    return lead;
}

const Sentence* ArticleWriter::draw_for_paragraph(int kind, Draft& d) const {
    const auto& from = m_model.sentences;
    const Pool& pool = kind < quotes_kind    ? m_pillars[static_cast<std::size_t>(kind)]
                       : kind == quotes_kind ? m_quotes
                                             : m_general;
    const Sentence* s = draw(pool, from, d, any, 40);
    return s != nullptr ? s : draw(m_general, from, d, any, 80);
}

std::string ArticleWriter::write_paragraph(int kind, std::size_t count, bool in_first, Body& body,
                                           Draft& d) const {
    std::string para;
    for (std::size_t k = 0; k < count && body.total + para.size() < body.target; ++k) {
        const Sentence* s = draw_for_paragraph(kind, d);
        if (s == nullptr)
            break;
        std::string sentence;
        render(*s, d, false, sentence);
        // Bytes the text will have with this sentence: a blank line before a new
        // paragraph (a space when the lead paragraph goes on), a space between sentences.
        const std::size_t para_sep = body.total == 0 ? 0 : in_first ? 1 : 2;
        const std::size_t projected =
            body.total + para_sep + para.size() + (para.empty() ? 0 : 1) + sentence.size();
        if (projected > max_bytes) {
            body.full = true;
            break;
        }
        if (!para.empty())
            para += ' ';
        para += sentence;
    }
    return para;
}

void ArticleWriter::write_body(Draft& d, Document& doc) const {
    Body body;
    body.target = body_target(d.rng);
    if (const Sentence* lead = draw_lead(d)) {
        render(*lead, d, true, body.paragraphs[0]);
        d.lead = body.paragraphs[0];
        body.total = body.paragraphs[0].size();
    }

    ParagraphKinds kinds(d.pillars, d.coop);
    int failures = 0;
    // The lead paragraph often goes on for a sentence or two.
    std::size_t in_lead = d.rng.below(3);
    while (body.total < body.target && !body.full && failures < 20) {
        const bool in_first = in_lead > 0;
        const int kind = in_first ? general_kind : kinds.next(d.rng);
        const std::size_t count = in_first ? in_lead : 1 + d.rng.weighted(sentences_per_paragraph);
        in_lead = 0;
        std::string para = write_paragraph(kind, count, in_first, body, d);
        if (para.empty()) {
            ++failures;
            continue;
        }
        body.add(std::move(para), in_first);
    }
    for (const auto& p : body.paragraphs) {
        if (p.empty())
            continue;
        if (!doc.text.empty())
            doc.text += "\n\n";
        doc.text += p;
    }
}

} // namespace vnsearch::gen
