#include "match/matcher.hpp"

#include <catch2/catch.hpp>

using namespace vnsearch;

TEST_CASE("a term's wdf is read back from its sparse list or its byte per document") {
    TermPostings sparse;
    sparse.termfreq = 2;
    sparse.docs = {3, 9};
    sparse.wdf = {1, 700};
    CHECK(sparse.wdf_in(3) == 1);
    CHECK(sparse.wdf_in(9) == 700);
    CHECK(sparse.wdf_in(4) == 0);
    CHECK(sparse.wdf_in(100) == 0);

    TermPostings dense;
    dense.termfreq = 3;
    dense.dense = true;
    dense.by_docid = {0, 3, 0, TermPostings::large_mark, TermPostings::large_mark, 1};
    dense.large = {{3, 254}, {4, 90000}};
    CHECK(dense.wdf_in(1) == 2);
    CHECK(dense.wdf_in(2) == 0);
    CHECK(dense.wdf_in(3) == 254);
    CHECK(dense.wdf_in(4) == 90000);
    CHECK(dense.wdf_in(5) == 0); // a term with wdf 0 (present, no weight)
    CHECK(dense.wdf_in(6) == 0); // past the end
}
