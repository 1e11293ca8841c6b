// vnsearch through HTTP: the real server's /api/search over one kept-alive connection.
#include "systems.hpp"

#include <cctype>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace vnsearch::bench {
namespace {

std::string percent_encode(const std::string& s) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out.push_back(static_cast<char>(c));
        } else {
            out.push_back('%');
            out.push_back(hex[c >> 4]);
            out.push_back(hex[c & 15]);
        }
    }
    return out;
}

class Http final : public System {
public:
    explicit Http(const SystemOptions& o) : m_client(o.host, o.port), m_per_page(o.per_page) {
        if (o.port <= 0)
            throw std::runtime_error("the HTTP system needs --port of a running vnsearch-server");
        m_client.set_keep_alive(true);
        m_client.set_tcp_nodelay(true); // no Nagle delay on our side of the measurement
        m_client.set_read_timeout(60, 0);
    }

    void check(const BenchQuery&) override {}

    /// The server's cache lives as long as the server: bench/run restarts it between passes.
    /// Here, only the prime: the first request opens this thread's database.
    void reset() override {
        const httplib::Result res = m_client.Get("/api/search?per_page=1");
        if (!res || res->status != 200)
            throw std::runtime_error("the server does not answer a browse request");
    }

    void run(const BenchQuery& q) override {
        const std::string target = path_for(q);
        const httplib::Result res = m_client.Get(target);
        if (!res)
            throw std::runtime_error(q.id + ": GET " + target +
                                     " failed: " + httplib::to_string(res.error()));
        if (res->status != 200)
            throw std::runtime_error(q.id + ": GET " + target + " answered " +
                                     std::to_string(res->status) + ": " + res->body);
        m_body = res->body;
    }

    Outcome outcome() override {
        Outcome o;
        const auto j = nlohmann::json::parse(m_body);
        o.matches = j.at("total").get<std::size_t>();
        for (const auto& h : j.at("hits"))
            o.top.push_back(h.at("id").get<std::string>());
        for (const char* facet : {"province", "carrier", "year", "pillar"})
            for (const auto& c : j.at("facets").at(facet))
                o.facet_values += c.at("count").get<std::size_t>() > 0;
        return o;
    }

private:
    std::string path_for(const BenchQuery& q) const {
        std::string p =
            "/api/search?per_page=" + std::to_string(m_per_page) + "&page=" + std::to_string(page);
        if (!q.text.empty())
            p += "&q=" + percent_encode(q.text);
        for (const std::string& v : q.provinces)
            p += "&province=" + percent_encode(v);
        for (const std::string& v : q.carriers)
            p += "&carrier=" + percent_encode(v);
        for (int y : q.years)
            p += "&year=" + std::to_string(y);
        for (const std::string& v : q.pillars)
            p += "&pillar=" + percent_encode(v);
        return p;
    }

    httplib::Client m_client;
    int m_per_page;
    std::string m_body;
};

} // namespace

std::unique_ptr<System> make_http(const SystemOptions& options) {
    return std::make_unique<Http>(options);
}

} // namespace vnsearch::bench
