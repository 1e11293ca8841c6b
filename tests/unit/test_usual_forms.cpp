#include "index/document_builder.hpp"
#include "vnsearch/data_dir.hpp"
#include "vnsearch/knowledge.hpp"
#include "vnsearch/tokenizer.hpp"

#include <catch2/catch.hpp>

using namespace vnsearch;

namespace {

const Knowledge& knowledge() {
    static const auto k = Knowledge::load(data_dir());
    return *k;
}

/// The XA terms of a document built from `text` alone.
std::vector<std::string> accented_terms(std::string_view text) {
    Spellings spellings;
    for (const Token& t : tokenize(text))
        spellings.add(t, 1);
    Xapian::Document doc;
    spellings.add_terms(doc, knowledge());
    std::vector<std::string> out;
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t)
        out.push_back(*t + ":" + std::to_string(t.get_wdf()));
    return out;
}

} // namespace

TEST_CASE("the usual spelling of a syllable comes from data/usual_forms.txt") {
    const Knowledge& k = knowledge();
    CHECK(k.usual_forms.size() > 400);
    CHECK(k.usual_form("ban") == "bản");
    CHECK(k.usual_form("so") == "số");
    // Not in the list: the unaccented form is the usual one.
    CHECK(k.usual_form("xyz") == "xyz");
    for (const auto& [folded, norm] : k.usual_forms)
        CHECK(folded != norm);
    CHECK(Knowledge::load(data_dir())->usual_forms_digest == k.usual_forms_digest);
    CHECK(k.usual_forms_digest.rfind(std::to_string(k.usual_forms.size()) + ":", 0) == 0);
}

TEST_CASE("a document stores accented terms only for spellings other than the usual one") {
    // bản is usual: nothing; bán twice: its wdf; an unaccented ban says it is not bản.
    const auto terms = accented_terms("bản bán bán ban");
    CHECK(std::find(terms.begin(), terms.end(), "XAbán:2") != terms.end());
    CHECK(std::find(terms.begin(), terms.end(), "XAban:1") != terms.end());
    CHECK(std::none_of(terms.begin(), terms.end(),
                       [](const std::string& t) { return t.rfind("XAbản", 0) == 0; }));
    CHECK(accented_terms("bản bản số").empty());
    // Old tone placement is the same spelling as the new one.
    CHECK(accented_terms("hoà") == accented_terms("hòa"));
}
