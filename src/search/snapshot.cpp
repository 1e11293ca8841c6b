#include "search/snapshot.hpp"

#include "index/document_builder.hpp"
#include "text/vietnamese.hpp"
#include "util/fnv1a.hpp"
#include "util/lines.hpp"
#include "vnsearch/schema.hpp"

#include <algorithm>
#include <cstdio>
#include <limits>
#include <numeric>
#include <tuple>
#include <unordered_map>

namespace vnsearch::detail {
namespace {

// Estimated MinHash similarity from which two articles are near-duplicates.
constexpr double duplicate_similarity = 0.5;

struct UnionFind {
    std::vector<Xapian::docid> parent;
    explicit UnionFind(std::size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0); }
    Xapian::docid find(Xapian::docid x) {
        while (parent[x] != x)
            x = parent[x] = parent[parent[x]];
        return x;
    }
    void join(Xapian::docid a, Xapian::docid b) {
        a = find(a);
        b = find(b);
        if (a != b)
            parent[std::max(a, b)] = std::min(a, b);
    }
};

/// Whether near-duplicate `a` stands for its group before `b`: the earlier publication
/// (a date known before one that is not), then by its facets; only members with the same
/// date and facets fall back to the docid, and they count alike. So which member a group
/// counts as follows the documents, not the order they were written in or their shards.
bool stands_before(const FacetRow& a, Xapian::docid da, const FacetRow& b, Xapian::docid db) {
    const auto key = [](const FacetRow& r, Xapian::docid d) {
        return std::make_tuple(r.yyyymmdd == 0 ? ~std::uint32_t{0} : r.yyyymmdd, r.year, r.province,
                               r.former, r.carriers, r.pillars, r.kind, r.outlet, d);
    };
    return key(a, da) < key(b, db);
}

/// Names each group of two or more after the member that stands for it, first in its list.
void name_groups(UnionFind& uf, Snapshot& s) {
    const std::size_t n = s.last_docid + 1;
    std::unordered_map<Xapian::docid, std::vector<Xapian::docid>> by_root;
    for (Xapian::docid d = 1; d < n; ++d)
        if (const Xapian::docid root = uf.find(d); root != d)
            by_root[root].push_back(d);
    s.cluster.resize(n);
    for (Xapian::docid d = 0; d < n; ++d)
        s.cluster[d] = d;
    s.grouped.assign(n, 0);
    for (auto& [root, list] : by_root) {
        list.push_back(root);
        std::sort(list.begin(), list.end(), [&](Xapian::docid a, Xapian::docid b) {
            return stands_before(s.facets[a], a, s.facets[b], b);
        });
        for (const Xapian::docid m : list) {
            s.cluster[m] = list.front();
            s.grouped[m] = 1;
        }
        s.members[list.front()] = std::move(list);
    }
}

/// Groups near-duplicates: LSH over MinHash bands finds candidates, the whole signature
/// confirms them.
void cluster_duplicates(Xapian::Database& db, Snapshot& s) {
    const std::size_t n = s.last_docid + 1;
    std::vector<Signature> sigs(n);
    std::vector<std::pair<std::uint64_t, Xapian::docid>> bands;
    constexpr std::size_t band_count = schema::signature_size / schema::signature_rows;
    for (auto v = db.valuestream_begin(schema::slot_signature);
         v != db.valuestream_end(schema::slot_signature); ++v) {
        const Xapian::docid d = v.get_docid();
        sigs[d] = unpack_signature(*v);
        for (std::size_t b = 0; b < band_count; ++b) {
            std::uint64_t h = util::fnv1a_offset ^ b;
            for (std::size_t r = 0; r < schema::signature_rows; ++r)
                h = util::fnv1a_word(h, sigs[d][b * schema::signature_rows + r]);
            bands.emplace_back(h, d);
        }
    }
    std::sort(bands.begin(), bands.end());
    UnionFind uf(n);
    auto similar = [&](Xapian::docid a, Xapian::docid b) {
        std::size_t same = 0;
        for (std::size_t i = 0; i < schema::signature_size; ++i)
            same += sigs[a][i] == sigs[b][i];
        return static_cast<double>(same) / schema::signature_size >= duplicate_similarity;
    };
    for (std::size_t i = 0; i < bands.size();) {
        std::size_t j = i + 1;
        while (j < bands.size() && bands[j].first == bands[i].first)
            ++j;
        // A huge bucket means boilerplate, not copies: compare only a bounded number.
        for (std::size_t a = i; a < j && a < i + 64; ++a)
            for (std::size_t b = a + 1; b < j && b < i + 64; ++b)
                if (uf.find(bands[a].second) != uf.find(bands[b].second) &&
                    similar(bands[a].second, bands[b].second))
                    uf.join(bands[a].second, bands[b].second);
        i = j;
    }
    name_groups(uf, s);
}

/// The outlets' column: codes in the order of the sorted names, so that a revision's codes
/// do not depend on the order documents were added in.
void read_outlets(Xapian::Database& db, Snapshot& s) {
    std::vector<std::pair<std::string, Xapian::docid>> named;
    for (auto v = db.valuestream_begin(schema::slot_outlet);
         v != db.valuestream_end(schema::slot_outlet); ++v)
        if (v.get_docid() < s.facets.size())
            named.emplace_back(*v, v.get_docid());
    std::sort(named.begin(), named.end());
    for (const auto& [name, docid] : named) {
        if (s.outlets.empty() || s.outlets.back() != name)
            s.outlets.push_back(name);
        // Codes past 65535 outlets fold into none: a facet of that many values reads as noise.
        if (s.outlets.size() <= 0xFFFF)
            s.facets[docid].outlet = static_cast<std::uint16_t>(s.outlets.size());
    }
}

/// Every document's facet record and outlet, by docid, and the browse order (newest
/// first).
void read_facet_column(Xapian::Database& db, Snapshot& s) {
    s.facets.assign(s.last_docid + 1, {});
    s.present.assign(s.last_docid + 1, 0);
    for (auto v = db.valuestream_begin(schema::slot_facets);
         v != db.valuestream_end(schema::slot_facets); ++v) {
        s.facets[v.get_docid()] = FacetRow{schema::FacetRecord::unpack(*v)};
        s.present[v.get_docid()] = 1;
    }
    read_outlets(db, s);
    for (Xapian::docid d = 1; d <= s.last_docid; ++d)
        if (s.present[d]) {
            s.all.matched.push_back(d);
            s.all.ranked.emplace_back(d, 0.0f);
        }
    std::stable_sort(s.all.ranked.begin(), s.all.ranked.end(), [&](const auto& a, const auto& b) {
        return s.facets[a.first].yyyymmdd > s.facets[b.first].yyyymmdd;
    });
}

/// The vocabulary did-you-mean reads: the spellings of each folded syllable, and how many
/// documents hold each term.
void read_vocabulary(Xapian::Database& db, const Knowledge& k, Snapshot& s) {
    const std::string xa(schema::accented);
    for (auto t = db.allterms_begin(xa); t != db.allterms_end(xa); ++t) {
        s.spellings[fold_diacritics((*t).substr(xa.size()))].push_back(*t);
        s.spelling_freq.emplace_back(*t, t.get_termfreq());
    }
    for (const auto& [accented, freq] : accented_frequencies(db, k)) {
        auto& best = s.accented[fold_diacritics(accented)];
        if (freq > best.second)
            best = {accented, freq};
    }
    for (auto t = db.allterms_begin(); t != db.allterms_end(); ++t) {
        const std::string& term = *t;
        if (term.empty() || (term[0] >= 'A' && term[0] <= 'Z'))
            continue;
        s.folded_freq[term] = t.get_termfreq();
    }
}

/// Completions: lexicon words whose syllables the index holds (weighted by the rarest
/// syllable, a bound on how often the word can occur), provinces and carriers.
void add_completions(Xapian::Database& db, const Knowledge& k, Snapshot& s) {
    for (const auto& [folded, accented] : k.lexicon->by_folded()) {
        Xapian::doccount weight = std::numeric_limits<Xapian::doccount>::max();
        std::size_t start = 0;
        while (start <= folded.size() && weight > 0) {
            std::size_t space = folded.find(' ', start);
            if (space == std::string::npos)
                space = folded.size();
            const auto f = s.folded_freq.find(folded.substr(start, space - start));
            weight = f == s.folded_freq.end() ? 0 : std::min(weight, f->second);
            start = space + 1;
        }
        if (weight > 0)
            s.candidates.push_back({folded, accented, "word", static_cast<double>(weight)});
    }
    auto add_names = [&](const std::vector<std::string>& names, const char* kind,
                         std::string_view prefix) {
        for (const std::string& name : names) {
            if (name.empty())
                continue;
            const std::string term = std::string(prefix) + slug(name);
            std::string folded = fold_diacritics(to_lower_nfc(name));
            std::replace_if(
                folded.begin(), folded.end(), [](char c) { return c == '.' || c == '-'; }, ' ');
            std::string squeezed;
            for (char c : folded)
                if (c != ' ' || (!squeezed.empty() && squeezed.back() != ' '))
                    squeezed.push_back(c);
            s.candidates.push_back({squeezed, name, kind, 1000.0 + db.get_termfreq(term)});
        }
    };
    add_names(s.provinces, "province", schema::province);
    add_names(s.formers, "province", schema::former);
    add_names(s.carriers, "carrier", schema::carrier);
}

/// The names the facet records' codes stand for, and when the index last changed.
void read_names(Xapian::Database& db, Snapshot& s) {
    s.provinces = util::split_lines(db.get_metadata(std::string(schema::meta_provinces)));
    s.formers = util::split_lines(db.get_metadata(std::string(schema::meta_formers)));
    s.carriers = util::split_lines(db.get_metadata(std::string(schema::meta_carriers)));
    s.last_update = db.get_metadata(std::string(schema::meta_updated));
}

} // namespace

std::string revision_key(const std::vector<Xapian::Database>& shards) {
    std::string key;
    for (const Xapian::Database& s : shards)
        key += std::to_string(s.get_revision()) + ":" + s.get_uuid() + ";";
    return key;
}

std::shared_ptr<Snapshot> build_snapshot(Xapian::Database& db, const std::string& key,
                                         const Knowledge& k) {
    auto s = std::make_shared<Snapshot>();
    s->key = key;
    s->last_docid = db.get_lastdocid();
    s->documents = db.get_doccount();
    s->collection = Collection::read(db);
    read_facet_column(db, *s);
    read_names(db, *s);
    if (const std::string forms = db.get_metadata(std::string(schema::meta_usual_forms));
        s->documents > 0 && forms != k.usual_forms_digest)
        std::fprintf(stderr, "vnsearch: warning: the index was built with another list of usual "
                             "spellings (data/usual_forms.txt); rebuild it for the best ranking of "
                             "accented queries\n");
    cluster_duplicates(db, *s);

    read_vocabulary(db, k, *s);
    add_completions(db, k, *s);
    std::sort(s->candidates.begin(), s->candidates.end(),
              [](const auto& a, const auto& b) { return a.key < b.key; });
    return s;
}

std::shared_ptr<Snapshot> build_word_snapshot(Xapian::Database& db, const std::string& key,
                                              const Knowledge& k) {
    auto s = std::make_shared<Snapshot>();
    s->key = key;
    s->last_docid = db.get_lastdocid();
    s->documents = db.get_doccount();
    read_names(db, *s);
    read_vocabulary(db, k, *s);
    add_completions(db, k, *s);
    std::sort(s->candidates.begin(), s->candidates.end(),
              [](const auto& a, const auto& b) { return a.key < b.key; });
    return s;
}

/// What spelling reads of an index revision's words.
Vocabulary vocabulary_of(const Snapshot& s) {
    return Vocabulary{s.folded_freq, s.accented, static_cast<Xapian::doccount>(s.documents)};
}

} // namespace vnsearch::detail
