#include "extract/stance.hpp"

namespace vnsearch::extract {
namespace {

/// The cue words of a sentence's stance, one list each, matched in one pass.
enum Cue : std::uint32_t {
    recall,
    commit,
    list,
    wish,
    look_back,
    past,
    anchored,
    forward,
    speak,
    review
};

const PhraseTable& cues() {
    static const PhraseTable table{
        // recall: told as past: the signing happened before the story, or the work was done under
        // it.
        {"trước đó", "trước đây", "từng ký", "thỏa thuận đã ký", "thực hiện thỏa thuận",
         "triển khai thỏa thuận", "theo thỏa thuận đã", "trên cơ sở thỏa thuận", "kể từ khi ký",
         "sau khi ký", "từ khi ký", "đã được ký kết từ", "sau lễ ký", "ký kết từ năm", "ký từ năm",
         "đã ký kết từ", "đã ký từ"},
        // commit: the agreement's content, told as what the parties will do.
        {"theo thỏa thuận",
         "theo đó",
         "theo nội dung",
         "theo biên bản",
         "theo bản ghi nhớ",
         "thỏa thuận hợp tác triển khai",
         "hợp tác triển khai",
         "các nội dung",
         "nội dung trọng tâm",
         "hai bên sẽ",
         "hai bên thống nhất",
         "hai bên cam kết",
         "các bên sẽ",
         "các bên thống nhất",
         "các bên cam kết",
         "hai bên phối hợp",
         "các bên phối hợp",
         "hai bên hợp tác",
         "ba bên sẽ",
         "nội dung hợp tác",
         "nội dung thỏa thuận",
         "lĩnh vực hợp tác",
         "sẽ hỗ trợ",
         "sẽ phối hợp",
         "sẽ triển khai",
         "sẽ đồng hành",
         "sẽ cùng",
         "sẽ đầu tư",
         "sẽ cung cấp",
         "sẽ xây dựng",
         "sẽ tập trung",
         "sẽ ưu tiên",
         "sẽ phát triển",
         "sẽ tăng cường",
         "sẽ hợp tác",
         "đồng hành cùng",
         "thỏa thuận gồm",
         "thỏa thuận tập trung",
         "thỏa thuận hướng tới",
         "thỏa thuận nhằm",
         "hợp tác trên",
         "hợp tác trong các",
         "hợp tác toàn diện",
         "cam kết"},
        // list: weaker signs of the content: an enumeration of fields.
        {"trụ cột", "tập trung vào", "bao gồm", "gồm", "cụ thể", "nhằm", "về hạ tầng số",
         "về chính quyền số", "về kinh tế số", "về xã hội số", "trong lĩnh vực", "ở lĩnh vực",
         "ở mảng", "các lĩnh vực", "hợp tác về", "hợp tác trong"},
        // wish: a request or a hope.
        {"đề nghị", "mong muốn", "kỳ vọng", "hy vọng", "hi vọng", "kiến nghị", "tin tưởng",
         "mong rằng", "ước mong", "mong được", "yêu cầu các", "yêu cầu tập đoàn", "yêu cầu viettel",
         "yêu cầu vnpt", "yêu cầu mobifone", "yêu cầu fpt", "yêu cầu cmc"},
        // look_back: results so far.
        {"thời gian qua", "thời gian vừa qua", "năm qua", "những năm qua", "vừa qua",
         "giai đoạn trước", "kết quả", "đạt được", "ghi nhận", "đến nay", "tính đến", "lũy kế",
         "đem lại", "thành quả", "thành tựu"},
        // past: "đã": the past, unless the sentence looks forward.
        {"đã"},
        // anchored: content told as the agreement's, whoever tells it: it ends a speaker's words.
        {"theo thỏa thuận", "theo nội dung", "theo biên bản", "theo bản ghi nhớ", "hai bên",
         "các bên", "ba bên", "nội dung hợp tác", "nội dung thỏa thuận"},
        // forward: what moves a story on from a block of past results to what comes now.
        {"sẽ", "thời gian tới", "giai đoạn tới", "tới đây", "sắp tới", "giai đoạn mới", "tiếp theo",
         "trong giai đoạn này"},
        // speak: a speaker's words.
        {"phát biểu", "nhấn mạnh", "khẳng định", "cho biết", "đánh giá cao", "bày tỏ", "cho rằng",
         "nhận định", "ghi nhận", "chia sẻ tại", "chia sẻ về"},
        // review: a review of an agreement.
        {"sơ kết", "tổng kết", "đánh giá kết quả", "kết quả thực hiện", "kết quả triển khai",
         "rà soát", "hội nghị đánh giá", "nhìn lại"},
    };
    return table;
}

} // namespace

bool is_signing_verb(const std::vector<Token>& tokens, std::size_t i) {
    const Token& t = tokens[i];
    if (t.part || t.norm != "ký")
        return false;
    const Token* before = previous_main(tokens, i);
    const Token* after = next_main(tokens, i);
    // "chữ ký", "đăng ký", "thư ký", "ký số", "ký túc xá", "ký hiệu", "ký tự"
    if (before != nullptr && (before->norm == "chữ" || before->norm == "đăng" ||
                              before->norm == "thư" || before->norm == "kí"))
        return false;
    if (after != nullptr && (after->norm == "số" || after->norm == "túc" || after->norm == "hiệu" ||
                             after->norm == "tự" || after->norm == "sự" || after->norm == "giả"))
        return false;
    return true;
}

std::vector<Stance> read_stances(const Page& page) {
    std::vector<Stance> out(page.sentences.size());
    // A speaker's words and a block of results run on past the sentence that introduces
    // them: the rest of a speaker's paragraph is still the speech, and the paragraphs after
    // "Trong giai đoạn 2014-2020, ..." still tell that period, until the story turns to
    // what the parties will do.
    const std::vector<std::uint32_t> found = cues().scan(page);
    bool speech = false, past_block = false, content = false;
    std::uint32_t paragraph_end = 0;
    for (std::size_t i = 0; i < page.sentences.size(); ++i) {
        const Sentence& s = page.sentences[i];
        Stance& st = out[i];
        for (std::size_t t = s.first_token; t < s.end_token && !st.signs; ++t)
            st.signs = is_signing_verb(page.tokens, t);
        const auto has = [&](Cue c) { return (found[i] >> c & 1u) != 0; };
        st.recalls = has(recall);
        st.commits = has(commit);
        st.lists = has(list);
        st.wishes = has(wish);
        const bool forward = has(Cue::forward);
        // "đã" tells the past unless the sentence looks forward: "VNPT sẽ nâng cấp các hệ
        // thống đã có" is a commitment.
        st.looks_back = has(look_back) || (!forward && has(past));
        st.speaks = has(speak);
        st.reviews = has(review);
        if (st.signs && !st.recalls)
            st.looks_back = false; // "đã ký kết" reports the day's signing
        if (s.chrome)
            continue;
        const bool new_paragraph = s.begin > paragraph_end;
        if (new_paragraph) {
            const std::size_t nl = page.text.find('\n', s.begin);
            paragraph_end =
                static_cast<std::uint32_t>(nl == std::string::npos ? page.text.size() : nl);
            speech = false;
        }
        const bool turns = st.commits || (st.signs && !st.recalls) || forward;
        if (turns)
            past_block = false;
        st.speaks = st.speaks || (speech && !has(anchored));
        st.looks_back = st.looks_back || (past_block && !turns);
        speech = st.speaks;
        past_block = st.looks_back;
        // The agreement's content goes on over the following sentences ("Cùng với đó, ...")
        // until a speaker, a wish or a look back interrupts it.
        if (st.speaks || st.wishes || st.looks_back)
            content = false;
        st.continues = content && !st.commits;
        content = content || st.commits || (st.lists && !st.looks_back);
    }
    return out;
}

void mark_earlier_periods(const Page& page, std::vector<Stance>& stances, int current_from) {
    if (current_from == 0)
        return;
    for (std::size_t i = 0; i < page.sentences.size(); ++i) {
        const Sentence& s = page.sentences[i];
        for (std::size_t t = s.first_token; t < s.end_token; ++t) {
            const Token& tok = page.tokens[t];
            if (tok.part || tok.kind != TokenKind::year_range)
                continue;
            const int to = std::stoi(tok.norm.substr(5, 4));
            if (to <= current_from && !stances[i].commits)
                stances[i].looks_back = true;
        }
    }
}

} // namespace vnsearch::extract
