#include "query/spelling.hpp"
#include "text/vietnamese.hpp"

#include <algorithm>

namespace vnsearch {

struct Speller::Run {
    std::size_t begin = 0; ///< where the run starts in the query
    std::string_view text;
    Analysis analysis;
    /// Diacritics are restored in a run typed without any: where some are typed, a word
    /// without them ("công ty", "giai đoạn") is meant so.
    bool unaccented = false;
    std::vector<std::size_t> words;   ///< indexes into analysis.tokens of the whole words
    std::vector<std::size_t> word_of; ///< a token's index in `words`
    /// The names the query already finds, as ranges of `words`.
    std::vector<std::pair<std::size_t, std::size_t>> mentions;
    std::vector<Edit>& out;

    const Token& token(std::size_t w) const { return analysis.tokens[words[w]]; }

    /// Words `first` to `last` as typed.
    std::string_view typed(std::size_t first, std::size_t last) const {
        return text.substr(token(first).begin, token(last).end - token(first).begin);
    }

    void edit(std::size_t first, std::size_t last, std::string replacement) {
        out.push_back(
            {begin + token(first).begin, begin + token(last).end, std::move(replacement)});
    }
};

void Speller::edit_run(std::string_view query, std::size_t begin, std::size_t end,
                       const Vocabulary& vocabulary, Mode mode, std::vector<Edit>& out) const {
    const std::string_view text = query.substr(begin, end - begin);
    Run run{begin, text, m_analyzer.analyze_query(text), !has_diacritics(text), {}, {}, {}, out};
    const std::vector<Token>& tokens = run.analysis.tokens;
    run.word_of.assign(tokens.size(), 0);
    for (std::size_t i = 0; i < tokens.size(); ++i)
        if (!tokens[i].part) {
            run.word_of[i] = run.words.size();
            run.words.push_back(i);
        }
    for (const Gazetteer* g : {&m_knowledge->places, &m_knowledge->carrier_names})
        for (const Mention& m : g->find(text, tokens, FindOptions{false}))
            run.mentions.emplace_back(run.word_of[m.first], run.word_of[m.last]);
    std::size_t i = 0;
    while (i < run.words.size()) {
        if (const std::size_t len = name_at(run, i, vocabulary, mode)) {
            i += len;
        } else if (mode == Mode::correct) {
            if (const auto word = word_for(run.token(i), run.typed(i, i), vocabulary))
                run.edit(i, i, *word);
            ++i;
        } else {
            i = restore_at(run, i, vocabulary);
        }
    }
}

std::size_t Speller::name_at(Run& run, std::size_t i, const Vocabulary& vocabulary,
                             Mode mode) const {
    for (std::size_t len = std::min(spelling::longest_name, run.words.size() - i); len >= 1;
         --len) {
        const std::size_t last = i + len - 1;
        bool is_mention = false, straddles = false;
        for (const auto& [first_m, last_m] : run.mentions) {
            if (first_m == i && last_m == last)
                is_mention = true;
            else if (first_m <= last && i <= last_m)
                straddles = true;
        }
        if (straddles && !is_mention)
            continue;
        std::vector<const Token*> words;
        for (std::size_t w = i; w <= last; ++w)
            words.push_back(&run.token(w));
        if (std::any_of(words.begin(), words.end(), [](const Token* t) {
                return t->kind != TokenKind::word && t->kind != TokenKind::code;
            }))
            continue;
        const std::string_view as_typed = run.typed(i, last);
        if (const Name* name = name_for(as_typed, words, vocabulary, mode, is_mention)) {
            if (to_lower_nfc(as_typed) != to_lower_nfc(name->written))
                run.edit(i, last, name->written);
            return len;
        }
        if (is_mention)
            return len; // a name the query finds: its words are no misspelling
    }
    return 0;
}

std::size_t Speller::restore_at(Run& run, std::size_t i, const Vocabulary& vocabulary) const {
    // A word of several syllables typed without diacritics, from the lexicon.
    const std::vector<Compound>& compounds = run.analysis.compounds;
    const auto compound = std::find_if(compounds.begin(), compounds.end(),
                                       [&](const Compound& c) { return c.first == run.words[i]; });
    if (compound != compounds.end()) {
        const std::size_t last = run.word_of[compound->first + compound->count - 1];
        bool plain = true;
        for (std::size_t w = i; w <= last; ++w)
            plain = plain && run.token(w).norm == run.token(w).folded;
        std::string key = compound->folded;
        std::replace(key.begin(), key.end(), '_', ' ');
        if (const std::string* accented = m_knowledge->lexicon->accented(key);
            run.unaccented && plain && accented) {
            run.edit(i, last, cased_like(run.typed(i, i), *accented));
            return last + 1;
        }
    }
    // A syllable typed without diacritics, in the spelling the index holds most.
    const Token& t = run.token(i);
    if (run.unaccented && t.kind == TokenKind::word) {
        const Xapian::doccount df = vocabulary.documents_of(t.folded);
        if (const auto acc = vocabulary.accented.find(t.folded);
            acc != vocabulary.accented.end() && df > 0 &&
            acc->second.second >= spelling::restore_share * df)
            run.edit(i, i, cased_like(run.typed(i, i), acc->second.first));
    }
    return i + 1;
}

std::vector<Speller::Edit> Speller::edits(std::string_view query, const Vocabulary& vocabulary,
                                          Mode mode) const {
    // Runs of plain words: what the query language reads as text. Operators, field filters
    // and excluded words end a run and are never edited; so does a parenthesis or a quote.
    std::vector<Edit> out;
    std::size_t run_begin = std::string_view::npos, run_end = 0;
    auto close_run = [&] {
        if (run_begin != std::string_view::npos)
            edit_run(query, run_begin, run_end, vocabulary, mode, out);
        run_begin = std::string_view::npos;
    };
    auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    bool in_quote = false, skip_next = false, skip_to_quote = false;
    std::size_t i = 0;
    while (i < query.size()) {
        while (i < query.size() && space(query[i]))
            ++i;
        std::size_t j = i;
        while (j < query.size() && !space(query[j]))
            ++j;
        if (i == j)
            break;
        std::size_t b = i, e = j;
        i = j;
        const std::string_view chunk = query.substr(b, e - b);
        if (skip_to_quote) {
            skip_to_quote = chunk.back() != '"';
            continue;
        }
        if (!in_quote) {
            if (is_operator(chunk)) {
                close_run();
                skip_next = chunk == "NOT" || chunk == "KHÔNG";
                continue;
            }
            const bool negated = chunk.size() > 1 && chunk[0] == '-';
            const std::size_t colon = chunk.find(':');
            const bool filter = colon != std::string_view::npos && colon > 0 &&
                                is_field_name(to_lower_nfc(chunk.substr(0, colon)));
            if (skip_next || negated || filter) {
                close_run();
                skip_next = false;
                const std::size_t quote = chunk.find('"');
                if (quote != std::string_view::npos)
                    skip_to_quote = chunk.find('"', quote + 1) == std::string_view::npos;
                continue;
            }
        }
        bool ends_run = false;
        while (b < e && (query[b] == '(' || query[b] == '"' || query[b] == '+')) {
            if (query[b] != '+') {
                close_run();
                in_quote = in_quote != (query[b] == '"');
            }
            ++b;
        }
        while (e > b && (query[e - 1] == ')' || query[e - 1] == '"')) {
            if (query[e - 1] == '"')
                in_quote = !in_quote;
            ends_run = true;
            --e;
        }
        if (b < e) {
            if (run_begin == std::string_view::npos)
                run_begin = b;
            run_end = e;
        }
        if (ends_run)
            close_run();
    }
    close_run();
    std::sort(out.begin(), out.end(),
              [](const Edit& x, const Edit& y) { return x.begin < y.begin; });
    return out;
}

} // namespace vnsearch
