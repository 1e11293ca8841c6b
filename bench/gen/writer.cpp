#include "writer.hpp"

#include "draft.hpp"
#include "gazetteer.hpp"
#include "text.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

namespace vnsearch::gen {

namespace {

constexpr int first_year = 2018;
// How many articles a year, 2018..2026 (2026 stops at the end of October): coverage of
// digital transformation grew after the national programme of 2020.
constexpr std::array<unsigned, 9> year_weights = {4, 6, 8, 10, 11, 12, 13, 16, 10};
// Percent of documents that are not about a cooperation agreement.
constexpr unsigned news_percent = 70;
constexpr unsigned nfd_percent = 5;
constexpr unsigned variant_percent = 10;

int days_in_month(int y, int m) {
    static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

Date random_date(Rng& rng) {
    Date date;
    date.y = first_year + static_cast<int>(rng.weighted(year_weights));
    const int last_month = date.y == 2026 ? 10 : 12;
    int days = 0;
    for (int m = 1; m <= last_month; ++m)
        days += days_in_month(date.y, m);
    auto k = static_cast<int>(rng.below(static_cast<std::uint64_t>(days)));
    date.m = 1;
    while (k >= days_in_month(date.y, date.m))
        k -= days_in_month(date.y, date.m++);
    date.d = k + 1;
    return date;
}

/// "Đà Nẵng ký kết với VNPT" -> "da-nang-ky-ket-voi-vnpt" (at most 60 characters).
std::string url_slug(std::string_view title) {
    const std::string nfd = to_nfd(title);
    std::string out;
    for (std::size_t i = 0; i < nfd.size();) {
        std::size_t len = 0;
        const char32_t c = code_point_at(nfd, i, len);
        i += len;
        char a = 0;
        if (c == U'đ' || c == U'Đ')
            a = 'd';
        else if (c < 0x80 && std::isalnum(static_cast<int>(c)))
            a = static_cast<char>(std::tolower(static_cast<int>(c)));
        else if (c >= 0x300 && c < 0x370)
            continue; // a combining mark: the letter before it was kept
        if (a != 0)
            out.push_back(a);
        else if (!out.empty() && out.back() != '-')
            out.push_back('-');
        if (out.size() >= 60 && out.back() == '-')
            break;
    }
    while (!out.empty() && out.back() == '-')
        out.pop_back();
    return out;
}

} // namespace

template <typename Pred>
ArticleWriter::Pool ArticleWriter::make_pool(const std::vector<Sentence>& from, Pred pred,
                                             Rng& rng) const {
    Pool pool;
    for (std::size_t i = 0; i < from.size(); ++i)
        if (pred(from[i]))
            pool.ids.push_back(static_cast<std::uint32_t>(i));
    rng.shuffle(pool.ids);
    // The offset keeps the most frequent sentence of a large pool near 1 % of the draws.
    if (!pool.ids.empty())
        pool.zipf = Zipf(pool.ids.size(), 4 + pool.ids.size() / 100);
    return pool;
}

ArticleWriter::ArticleWriter(const CorpusModel& model, std::uint64_t seed)
    : m_model(model), m_seed(seed), m_province_rank(old_province_count, 2),
      m_family_rank(model.names.families.size(), 1) {
    Rng rng(seed, 0);
    const auto& s = model.sentences;
    m_coop_leads = make_pool(
        s,
        [](const Sentence& x) {
            return x.lead && x.signing && x.period && x.provinces <= 1 && x.carriers >= 1 &&
                   x.carriers <= 2;
        },
        rng);
    m_news_leads = make_pool(
        s,
        [](const Sentence& x) {
            return !x.signing && x.provinces + x.carriers >= 1 && x.bytes >= 80 && !x.quote;
        },
        rng);
    m_general = make_pool(
        s, [](const Sentence& x) { return !x.lead; }, rng);
    m_quotes = make_pool(
        s, [](const Sentence& x) { return !x.lead && x.quote; }, rng);
    for (std::size_t p = 0; p < m_pillars.size(); ++p)
        m_pillars[p] = make_pool(
            s, [p](const Sentence& x) { return !x.lead && (x.pillars & (1u << p)) != 0; }, rng);
    m_coop_titles = make_pool(
        model.titles, [](const Sentence& x) { return x.signing && x.carriers + x.provinces >= 1; },
        rng);
    m_news_titles = make_pool(
        model.titles, [](const Sentence& x) { return !x.signing && x.carriers + x.provinces >= 1; },
        rng);
    for (const auto& p : old_provinces())
        m_old_slugs.push_back(ascii_slug(p.bare));
    for (const auto& p : current_provinces())
        m_current_slugs.push_back(ascii_slug(p.bare));
}

bool ArticleWriter::compatible(const Sentence& s, const Draft& d) const {
    return s.provinces <= (d.old >= 0 ? 1 : 0) && s.carriers <= d.carriers.size() &&
           (d.coop || !s.signing) && (d.after_merger || !s.merger) &&
           std::none_of(d.used.begin(), d.used.end(),
                        [&](const Sentence* u) { return u == &s || u->opening == s.opening; });
}

void ArticleWriter::write_title(Draft& d, Document& doc) const {
    const Pool& pool = d.coop ? m_coop_titles : m_news_titles;
    const Sentence* t = draw(
        pool, m_model.titles, d,
        [&](const Sentence& s) {
            return (d.old < 0 || s.provinces == 1) && (d.carriers.empty() || s.carriers >= 1);
        },
        64);
    if (t == nullptr)
        t = draw(
            pool, m_model.titles, d, [](const Sentence&) { return true; }, 64);
    if (t != nullptr) {
        render(*t, d, true, doc.title);
        return;
    }
    // No headline fits: the first clause of the lead, as sub-editors often do.
    std::size_t words = 0;
    for (std::size_t i = 0; i < d.lead.size(); ++i) {
        if (d.lead[i] != ' ')
            continue;
        ++words;
        if (words >= 14 || (words >= 6 && i > 0 && d.lead[i - 1] == ',')) {
            doc.title = d.lead.substr(0, d.lead[i - 1] == ',' ? i - 1 : i);
            return;
        }
    }
    doc.title = d.lead;
    while (!doc.title.empty() && (doc.title.back() == '.' || doc.title.back() == ','))
        doc.title.pop_back();
}

void ArticleWriter::write_source(Draft& d, Document& doc) const {
    // Invented national outlets; every address is under the reserved .example domain.
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 4> national = {{
        {"Thời báo Số", "thoibaoso"},
        {"Bản tin Viễn thông", "bantinvienthong"},
        {"Diễn đàn Chuyển đổi số", "diendanchuyendoiso"},
        {"Tạp chí Công nghệ và Đời sống", "congnghedoisong"},
    }};
    std::string host;
    const auto roll = d.rng.below(100);
    if (d.old >= 0 && roll < 75) {
        const auto i = static_cast<std::size_t>(d.after_merger ? d.cur : d.old);
        const std::string_view name =
            d.after_merger ? current_provinces()[i].name : old_provinces()[i].name;
        const std::string_view bare =
            d.after_merger ? current_provinces()[i].bare : old_provinces()[i].bare;
        const bool city = d.after_merger ? current_provinces()[i].city : old_provinces()[i].city;
        const std::string& slug = d.after_merger ? m_current_slugs[i] : m_old_slugs[i];
        if (roll < 55) {
            doc.source = "Báo " + std::string(name);
            host = "bao" + slug;
        } else {
            doc.source = std::string("Cổng thông tin điện tử ") + (city ? "thành phố " : "tỉnh ") +
                         std::string(bare);
            host = slug + "-gov";
        }
    } else {
        const auto& n = national[d.rng.below(national.size())];
        doc.source = n.first;
        host = n.second;
    }
    doc.url = "https://" + host + ".example/" + doc.published.substr(0, 4) + '/' +
              doc.published.substr(5, 2) + '/' + url_slug(doc.title) + '-' + doc.id + ".html";
}

Document ArticleWriter::write(std::uint64_t index) const {
    Draft d(Rng(m_seed, index + 1));
    Document doc;
    // g0000001, g0000002, ...: seven digits at least, so that ids sort in order.
    doc.id = std::to_string(index + 1);
    if (doc.id.size() < 7)
        doc.id.insert(0, 7 - doc.id.size(), '0');
    doc.id.insert(0, 1, 'g');
    d.date = random_date(d.rng);
    d.after_merger = d.date.y > 2025 || (d.date.y == 2025 && d.date.m >= 7);
    d.coop = !d.rng.percent(news_percent);

    if (d.coop || d.rng.percent(75)) {
        d.old = static_cast<int>(m_province_rank.draw(d.rng));
        d.cur = old_provinces()[static_cast<std::size_t>(d.old)].current;
        d.variant = d.rng.percent(variant_percent);
    }
    std::array<unsigned, carrier_count> weights{};
    for (std::size_t i = 0; i < carrier_count; ++i)
        weights[i] = carriers()[i].weight;
    const std::size_t n_carriers = d.coop      ? (d.rng.percent(15) ? 2 : 1)
                                   : d.old < 0 ? 1
                                               : (d.rng.percent(45) ? 1 : 0);
    while (d.carriers.size() < n_carriers) {
        const auto c = static_cast<std::uint8_t>(d.rng.weighted(weights));
        if (std::find(d.carriers.begin(), d.carriers.end(), c) == d.carriers.end())
            d.carriers.push_back(c);
    }
    std::sort(d.carriers.begin(), d.carriers.end());

    static constexpr std::array<unsigned, 4> pillar_weights = {75, 90, 65, 70};
    if (d.coop) {
        static constexpr std::array<unsigned, 4> count_weights = {10, 30, 35, 25};
        const std::size_t n = 1 + d.rng.weighted(count_weights);
        std::array<unsigned, 4> w = pillar_weights;
        for (std::size_t k = 0; k < n; ++k) {
            const std::size_t p = d.rng.weighted(w);
            d.pillars |= static_cast<std::uint8_t>(1u << p);
            w[p] = 0;
        }
    } else {
        d.pillars = static_cast<std::uint8_t>(1u << d.rng.weighted(pillar_weights));
    }

    doc.published = std::to_string(d.date.y) + '-';
    append_padded(doc.published, d.date.m, 2);
    doc.published += '-';
    append_padded(doc.published, d.date.d, 2);

    write_body(d, doc);
    write_title(d, doc);
    write_source(d, doc);

    if (d.rng.percent(nfd_percent)) {
        std::string text = to_nfd(doc.text);
        if (text.size() <= max_bytes) {
            doc.text = std::move(text);
            doc.title = to_nfd(doc.title);
            doc.nfd = true;
        }
    }
    doc.cooperation = d.coop;
    doc.old_province = d.old;
    doc.current_province = d.cur;
    doc.carriers = d.carriers;
    doc.pillars = d.pillars;
    doc.year = d.date.y;
    return doc;
}

} // namespace vnsearch::gen
