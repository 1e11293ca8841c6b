// The outlet an article comes from, as the source facet names it.
#include "vnsearch/record.hpp"

#include <catch2/catch.hpp>

using vnsearch::ArticleRecord;
using vnsearch::outlet_of;

namespace {

std::string outlet(const std::string& site, const std::string& url) {
    ArticleRecord r;
    r.site = site;
    r.url = url;
    return outlet_of(r);
}

} // namespace

TEST_CASE("a URL's host names the outlet, in lower case and without www") {
    CHECK(outlet("", "https://www.VnExpress.net/so-hoa/a-1.html") == "vnexpress.net");
    CHECK(outlet("", "http://baogialai.com.vn:8080/tin?id=3#top") == "baogialai.com.vn");
    CHECK(outlet("", "https://user@ictnews.vn/") == "ictnews.vn");
    CHECK(outlet("", "tintuc.example.vn/a/b") == "tintuc.example.vn");
}

TEST_CASE("a site's own name is kept as written, and wins over the URL") {
    CHECK(outlet("Báo Thừa Thiên Huế", "https://baothuathienhue.vn/x") == "Báo Thừa Thiên Huế");
    CHECK(outlet("  WWW.Nhandan.vn ", "") == "nhandan.vn");
    CHECK(outlet("VTV", "") == "VTV");
}

TEST_CASE("an article naming neither site nor URL has no outlet") {
    CHECK(outlet("", "").empty());
    CHECK(outlet("   ", "").empty());
}
