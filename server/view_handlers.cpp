// The research views: /api/timeline, /api/compare, /api/terms and /api/agreements.

#include "answer.hpp"
#include "handlers.hpp"
#include "params.hpp"

#include <cmath>

namespace vnsearch::server {
namespace {

using nlohmann::json;

/// Most texts /api/compare takes: more lines than this no chart reads.
constexpr std::size_t max_compared = 5;
/// Terms /api/terms lists by default, and at most.
constexpr int default_terms = 50, max_terms = 200;

const char* interval_name(Interval i) {
    switch (i) {
    case Interval::day:
        return "day";
    case Interval::week:
        return "week";
    case Interval::month:
        return "month";
    case Interval::year:
        return "year";
    }
    return "month";
}

/// The views' own options: the buckets' width and what their counts are divided by.
struct ViewOptions {
    Interval interval = Interval::month;
    Normalize normalize = Normalize::filters;
};

ViewOptions parse_view_options(const httplib::Params& params) {
    ViewOptions o;
    if (const std::string v = single(params, "interval"); !v.empty()) {
        if (v == "day")
            o.interval = Interval::day;
        else if (v == "week")
            o.interval = Interval::week;
        else if (v == "month")
            o.interval = Interval::month;
        else if (v == "year")
            o.interval = Interval::year;
        else
            throw BadParameter("parameter 'interval' must be day, week, month or year, got '" + v +
                               "'");
    }
    if (const std::string v = single(params, "normalize"); !v.empty()) {
        if (v == "filters" || v == "all")
            o.normalize = v == "all" ? Normalize::all : Normalize::filters;
        else
            throw BadParameter("parameter 'normalize' must be filters or all, got '" + v + "'");
    }
    return o;
}

json buckets_json(const Timeline& t) {
    json out = json::array();
    for (const TimelineBucket& b : t.buckets)
        out.push_back(
            {{"start", b.start}, {"count", b.count}, {"total", b.total}, {"share", b.share}});
    return out;
}

json options_json(const ViewOptions& o) {
    return {{"interval", interval_name(o.interval)},
            {"normalize", o.normalize == Normalize::all ? "all" : "filters"}};
}

json agreement_json(const Agreement& a) {
    json articles = json::array();
    for (const AgreementArticle& x : a.articles)
        articles.push_back({{"id", x.id},
                            {"title", x.title},
                            {"published", or_null(x.published)},
                            {"url", or_null(x.url)},
                            {"source", or_null(x.source)}});
    return {{"province", a.province},
            {"carriers", a.carriers},
            {"signed", or_null(a.signed_on)},
            {"period", or_null(a.period)},
            {"pillars", a.pillars},
            {"articles", articles},
            {"renews", a.renews ? json(*a.renews) : json()},
            {"renewed_by", a.renewed_by ? json(*a.renewed_by) : json()}};
}

void answer_timeline(const Context& c, const httplib::Params& params, std::size_t max_q,
                     httplib::Response& res) {
    const SearchRequest r =
        parse_search(params, c.engine.parser(), max_q, {"interval", "normalize"});
    const ViewOptions o = parse_view_options(params);
    const Timeline t = c.engine.timeline(r, o.interval, o.normalize);
    json body = options_json(o);
    body["q"] = r.q;
    body["total"] = t.total;
    body["undated"] = t.undated;
    body["buckets"] = buckets_json(t);
    send_json(res, body);
}

void answer_compare(const Context& c, const httplib::Params& params, std::size_t max_q,
                    httplib::Response& res) {
    // Every text shares the other parameters: the search is parsed without its q, and each
    // text then takes the request's filters and options.
    httplib::Params rest;
    std::vector<std::string> texts;
    for (const auto& [key, value] : params)
        if (key == "q")
            texts.push_back(value);
        else
            rest.emplace(key, value);
    if (texts.size() < 2 || texts.size() > max_compared)
        throw BadParameter("parameter 'q' must be given 2 to " + std::to_string(max_compared) +
                           " times (one text each), got " + std::to_string(texts.size()));
    SearchRequest base = parse_search(rest, c.engine.parser(), max_q, {"interval", "normalize"});
    std::vector<SearchRequest> requests;
    for (const std::string& text : texts) {
        if (text.size() > max_q)
            throw BadParameter("parameter 'q' is longer than " + std::to_string(max_q) + " bytes");
        base.q = text;
        requests.push_back(base);
    }
    const ViewOptions o = parse_view_options(params);
    const Comparison cmp = c.engine.compare(requests, o.interval, o.normalize);
    json series = json::array();
    for (std::size_t i = 0; i < cmp.series.size(); ++i)
        series.push_back({{"q", texts[i]},
                          {"total", cmp.series[i].total},
                          {"undated", cmp.series[i].undated},
                          {"buckets", buckets_json(cmp.series[i])}});
    json overlap = json::array();
    for (const Comparison::Overlap& x : cmp.overlap)
        overlap.push_back({{"a", x.a}, {"b", x.b}, {"shared", x.shared}});
    json body = options_json(o);
    body["series"] = series;
    body["overlap"] = overlap;
    send_json(res, body);
}

void answer_terms(const Context& c, const httplib::Params& params, std::size_t max_q,
                  httplib::Response& res) {
    const SearchRequest r = parse_search(params, c.engine.parser(), max_q, {"limit"});
    int limit = default_terms;
    if (const std::string v = single(params, "limit"); !v.empty())
        limit = parse_int("limit", v, 1, max_terms);
    const CharacteristicTerms t = c.engine.terms(r, static_cast<std::size_t>(limit));
    json terms = json::array();
    for (const CharacteristicTerm& x : t.terms)
        terms.push_back({{"term", x.term},
                         {"kind", x.kind == TermKind::compound ? "compound" : "word"},
                         {"count", x.count},
                         {"index_count", x.index_count},
                         {"score", std::round(x.score * 1000) / 1000}});
    send_json(
        res,
        {{"total", t.total}, {"sample", t.sample}, {"score", "log-likelihood"}, {"terms", terms}});
}

void answer_agreements(const Context& c, const httplib::Params& params, std::size_t max_q,
                       httplib::Response& res) {
    for (const auto& [key, value] : params)
        if (key != "province" && key != "carrier")
            throw BadParameter("unknown parameter '" + key + "' (province and carrier only)");
    if (values(params, "province").empty() && values(params, "carrier").empty())
        throw BadParameter("parameter 'province' or 'carrier' is required");
    const SearchRequest r = parse_search(params, c.engine.parser(), max_q);
    json list = json::array();
    for (const Agreement& a : c.engine.agreements(r.filters))
        list.push_back(agreement_json(a));
    auto given = [&](const char* name) {
        const std::vector<std::string> v = values(params, name);
        return v.empty() ? json() : v.size() == 1 ? json(v.front()) : json(v);
    };
    send_json(
        res,
        {{"province", given("province")}, {"carrier", given("carrier")}, {"agreements", list}});
}

} // namespace

// A GET takes its parameters in the URL and a q of max_query_bytes; a POST in its JSON body,
// with a q of max_body_query_bytes.

void get_timeline(const Context& c, const httplib::Request& req, httplib::Response& res) {
    answer_timeline(c, req.params, max_query_bytes, res);
}

void post_timeline(const Context& c, const httplib::Request& req, httplib::Response& res) {
    answer_timeline(c, posted_params(req), max_body_query_bytes, res);
}

void get_compare(const Context& c, const httplib::Request& req, httplib::Response& res) {
    answer_compare(c, req.params, max_query_bytes, res);
}

void post_compare(const Context& c, const httplib::Request& req, httplib::Response& res) {
    answer_compare(c, posted_params(req), max_body_query_bytes, res);
}

void get_terms(const Context& c, const httplib::Request& req, httplib::Response& res) {
    answer_terms(c, req.params, max_query_bytes, res);
}

void post_terms(const Context& c, const httplib::Request& req, httplib::Response& res) {
    answer_terms(c, posted_params(req), max_body_query_bytes, res);
}

void get_agreements(const Context& c, const httplib::Request& req, httplib::Response& res) {
    answer_agreements(c, req.params, max_query_bytes, res);
}

void post_agreements(const Context& c, const httplib::Request& req, httplib::Response& res) {
    answer_agreements(c, posted_params(req), max_body_query_bytes, res);
}

} // namespace vnsearch::server
