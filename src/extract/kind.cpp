#include "extract/kind.hpp"

#include "extract/dates.hpp"

#include <algorithm>
#include <array>

namespace vnsearch::extract {
namespace {

// A signing reported as the news of the story stands in the headline or in its opening;
// further down, a signing is still this story's when nothing tells it as past.
constexpr std::size_t lede_sentences = 3;
// How far back a word before a province name is read to see who is named: "Công an tỉnh",
// "Sở Thông tin và Truyền thông tỉnh", "UBND tỉnh".
constexpr std::size_t qualifier_reach = 7;

/// The cities run by the central government: "thành phố X" names a province-level party
/// for these only; for any other X it is a provincial city, a district-level party.
constexpr std::array<std::string_view, 6> centrally_run = {
    "Hà Nội", "TP. Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế"};

/// The last syllable (folded) of a person's title before "UBND": "Chủ tịch", "Giám đốc",
/// "Bí thư", "Ủy viên", "Chánh Văn phòng".
constexpr std::array<std::string_view, 6> person_title_ends = {"tich", "doc",    "thu",
                                                               "vien", "truong", "phong"};

/// The cue words the kind of story is told by, one list each, matched in one pass.
enum Cue : std::uint32_t {
    other_party,
    agreement_noun,
    proposal,
    between_parties,
    both_sides,
    future_signing,
    other_instrument,
    elapsed
};

const PhraseTable& cues() {
    static const PhraseTable table{
        // other_party: Parties of another kind than a province, as a signing sentence names them.
        {"bộ công an",
         "bộ giáo dục",
         "bộ thông tin",
         "bộ khoa học",
         "bộ y tế",
         "bộ tài chính",
         "bộ quốc phòng",
         "bộ nông nghiệp",
         "bộ công thương",
         "bộ tài nguyên",
         "bộ kế hoạch",
         "bộ nội vụ",
         "bộ tư pháp",
         "bộ xây dựng",
         "bộ giao thông",
         "bộ văn hóa",
         "bộ lao động",
         "bộ ngoại giao",
         "ngân hàng",
         "trường đại học",
         "đại học",
         "học viện",
         "công an tỉnh",
         "công an thành phố",
         "ubnd huyện",
         "ủy ban nhân dân huyện",
         "ubnd thị xã",
         "ubnd quận",
         "sở",
         "tổng công ty điện lực",
         "university",
         "bệnh viện"},
        // agreement_noun: Work under an agreement: the agreement named beside both parties.
        {"thỏa thuận hợp tác", "thỏa thuận", "biên bản ghi nhớ", "bản ghi nhớ",
         "chương trình hợp tác", "hợp tác", "biên bản hợp tác", "ghi nhớ hợp tác", "lễ ký kết",
         "lễ ký", "buổi ký kết"},
        // proposal: Cooperation proposed, not agreed: "FPT đề xuất 2 hạng mục hợp tác với tỉnh".
        {"đề xuất", "đề nghị", "kiến nghị", "dự thảo", "mong muốn"},
        // between_parties: "giữa": the parties of the agreement named after it.
        {"giữa"},
        // both_sides: "hai bên", "các bên": the parties named together.
        {"hai bên", "các bên", "ba bên"},
        // future_signing: A signing still to come: "mong muốn được ký kết", "sẽ ký", "dự kiến ký".
        {"sẽ ký", "sẽ tiến hành ký", "dự kiến ký", "tiến tới ký", "sẽ ký kết", "chuẩn bị ký",
         "sẽ được ký"},
        // other_instrument: What is signed when it is no cooperation agreement: a coordination
        // rule, a contract, a decision.
        {"quy chế phối hợp", "hợp đồng", "ban hành quyết định", "ký quyết định", "ký ban hành",
         "quy chế"},
        // elapsed: Time spent under an agreement: "sau 2 năm thực hiện", "sau 5 năm triển khai".
        {"năm thực hiện", "năm triển khai", "năm hợp tác", "sau khi ký", "kết quả thực hiện",
         "kết quả triển khai", "kết quả hợp tác", "năm triển khai thực hiện"},
    };
    return table;
}

bool contains(const Sentence& s, std::uint32_t token) {
    return token >= s.first_token && token < s.end_token;
}

bool in_title(const Page& page, const Sentence& s) {
    return page.title_in_text && s.begin >= page.title_begin && s.end <= page.title_end;
}

/// Whether a mention of the partner province names it as a party: its People's Committee,
/// "tỉnh X", or the province as the subject ("Gia Lai ký kết ..."); not the venue ("tại
/// X"), a carrier's branch ("VNPT X"), a provincial city ("thành phố X"), or another body
/// of the province ("Công an tỉnh X").
bool names_party(const Page& page, const Sentence& s, const CarrierFacts& carriers,
                 const Mention& m, const PlaceRef& ref, const Knowledge& k) {
    const std::vector<Token>& tokens = page.tokens;
    // Only the words of its own sentence head a name.
    auto before = [&](std::size_t i, std::size_t back = 1) -> const Token* {
        const Token* t = previous_main(tokens, i, back);
        return t != nullptr && static_cast<std::size_t>(t - tokens.data()) >= s.first_token
                   ? t
                   : nullptr;
    };
    const Token* p1 = before(m.first, 1);
    const Token* p2 = before(m.first, 2);
    if (ref.kind == PlaceRef::town)
        return false;
    if (is(p1, "tai") || is(p1, "o") || is(p2, "tai"))
        return false; // the venue
    if (std::find(carriers.branch_after.begin(), carriers.branch_after.end(), m.first) !=
        carriers.branch_after.end())
        return false; // "VNPT Gia Lai", "Viettel Hậu Giang"
    const bool city = (is(p1, "pho") && is(p2, "thanh")) || is(p1, "tp");
    if (city) {
        const std::string& name = k.provinces[ref.province - 1u];
        if (ref.kind != PlaceRef::current_name ||
            std::find(centrally_run.begin(), centrally_run.end(), name) == centrally_run.end())
            return false; // a provincial city
    }
    // Who heads the name: the People's Committee ("UBND tỉnh X"), nobody ("Gia Lai ký kết
    // ...", "giữa tỉnh X và ..."), or another body ("Công an tỉnh X", "trên địa bàn tỉnh X").
    std::size_t at = m.first;
    for (std::size_t back = 0; back < qualifier_reach; ++back) {
        const Token* t = before(at);
        if (t == nullptr || (t->after_break && back > 0) || t->kind != TokenKind::word)
            return true; // the name opens its clause
        at = static_cast<std::size_t>(t - tokens.data());
        if (t->folded == "ubnd" || (t->folded == "dan" && is(before(at), "nhan"))) {
            // "Phó Chủ tịch UBND tỉnh X", a witness's title, names no party.
            std::size_t head = at;
            if (t->folded == "dan") // "Ủy ban nhân dân": read before "Ủy ban"
                for (int n = 0; n < 3 && before(head) != nullptr; ++n)
                    head = static_cast<std::size_t>(before(head) - tokens.data());
            const Token* title = before(head);
            return title == nullptr || std::find(person_title_ends.begin(), person_title_ends.end(),
                                                 title->folded) == person_title_ends.end();
        }
        if (t->folded == "va" || t->folded == "voi" || t->folded == "giua" || t->folded == "cung" ||
            (t->folded == "dao" && is(before(at), "lanh")))
            return true;
        if (t->folded == "tinh" || t->folded == "pho" || t->folded == "tp" ||
            t->folded == "thanh") {
            if (t->after_break) {
                // ", tỉnh Bình Định ký kết ..." names the party; "huyện Nga Sơn, tỉnh Thanh
                // Hóa." an address.
                const Token* next = next_main(tokens, m.last);
                return next != nullptr && next->begin < s.end && !next->after_break;
            }
            continue; // "tỉnh", "thành phố" before the name: read on
        }
        if (t->after_break)
            return true;
        return false; // another word heads it: "Công an", "địa bàn", "của", "cho"
    }
    return false;
}

struct Parties {
    bool province = false;
    bool carrier = false;
};

Parties parties_in(const Page& page, const Sentence& s, const CarrierFacts& carriers,
                   const ProvinceFacts& province, const Knowledge& k, bool province_named) {
    Parties p;
    for (const Mention& m : province.mentions) {
        const PlaceRef ref = PlaceRef::unpack(m.payload);
        if (contains(s, m.first) && ref.province == province.province &&
            names_party(page, s, carriers, m, ref, k))
            p.province = true;
    }
    // "UBND tỉnh và VNPT ký kết ...": the committee named without the province's name, at
    // the head of its clause (not in a witness's title "Phó Chủ tịch UBND tỉnh").
    static const Phrases committee{"ubnd tỉnh", "ủy ban nhân dân tỉnh", "lãnh đạo tỉnh", "tỉnh ta"};
    for (std::size_t at = committee.find(page, s.first_token, s.end_token);
         !p.province && at < s.end_token; at = committee.find(page, at + 1, s.end_token)) {
        const Token* head = at > s.first_token ? previous_main(page.tokens, at) : nullptr;
        const std::size_t after = at + committee.match(page, at);
        const bool named_after =
            std::any_of(province.mentions.begin(), province.mentions.end(),
                        [&](const Mention& m) { return m.first >= at && m.first <= after + 1; });
        p.province = (province_named || province.province != 0) && !named_after &&
                     (head == nullptr || page.tokens[at].after_break || head->folded == "va" ||
                      head->folded == "voi" || head->folded == "giua" || head->folded == "cung");
    }
    for (const Mention& m : carriers.mentions)
        if (contains(s, m.first) &&
            std::find(carriers.carriers.begin(), carriers.carriers.end(),
                      static_cast<int>(m.payload)) != carriers.carriers.end())
            p.carrier = true;
    return p;
}

/// Whether a signing sentence tells of an earlier signing: by its words, or by a date
/// well before the article's.
bool told_as_past(const Page& page, const Stance& st, const Sentence& s,
                  const PartialDate& published) {
    if (st.recalls)
        return true;
    if (published.empty())
        return false;
    for (const DateMention& d : dates_in(page, s)) {
        if (d.day_month_only)
            continue;
        if (d.date.year < published.year &&
            !(d.date.year == published.year - 1 && d.date.month == 12 && published.month <= 1))
            return true;
    }
    return false;
}

/// Whether the sentence dates something (by year at least) before the article's year.
bool dated_before(const Page& page, const Sentence& s, const PartialDate& published) {
    if (published.empty())
        return false;
    for (const DateMention& d : dates_in(page, s))
        if (!d.day_month_only && d.date.year < published.year)
            return true;
    return false;
}

} // namespace

KindFacts find_kind(const Page& page, const std::vector<Stance>& stances,
                    const CarrierFacts& carriers, const ProvinceFacts& province,
                    const PartialDate& published, const Knowledge& k) {
    KindFacts out;
    out.kind = "other";
    if (carriers.carriers.empty() || province.province == 0)
        return out; // no carrier, or no province: no province–carrier agreement

    // Whether the story names the province as a party anywhere: then "UBND tỉnh" and "hai
    // bên" elsewhere stand for it.
    const std::vector<std::uint32_t> found = cues().scan(page);
    bool province_named = false;
    for (std::size_t i = 0; i < page.sentences.size() && !province_named; ++i)
        province_named = (!page.sentences[i].chrome || in_title(page, page.sentences[i])) &&
                         parties_in(page, page.sentences[i], carriers, province, k, false).province;

    std::optional<std::size_t> reported, recalled, dated, review, content, future;
    for (std::size_t i = 0; i < page.sentences.size(); ++i) {
        const Sentence& s = page.sentences[i];
        const Stance& st = stances[i];
        const bool title = in_title(page, s);
        if (s.chrome && !title && !st.signs)
            continue;
        const Parties p = parties_in(page, s, carriers, province, k, province_named);
        const auto has = [&](Cue c) { return (found[i] >> c & 1u) != 0; };
        const bool other = has(other_party);
        // Both parties: named in the sentence (the headline may leave the carrier to the
        // story), or together as "hai bên" in a story that names them.
        const bool both = (p.province && (p.carrier || (title && !carriers.carriers.empty()))) ||
                          (has(both_sides) && province_named);
        const bool to_come = st.wishes || has(future_signing);
        const bool names_agreement = has(agreement_noun);
        // The agreement dated in the past: "Thỏa thuận được hai bên ký ngày 12/8/2025",
        // "thỏa thuận hợp tác số 45/TTHT-UBND-VTQĐ ngày 26 tháng 4 năm 2019".
        if (!dated && names_agreement && province_named && dated_before(page, s, published))
            dated = i;
        if (st.signs && to_come && !future)
            future = i;
        if (st.signs && !to_come && names_agreement && !has(other_instrument)) {
            if (told_as_past(page, st, s, published)) {
                if (!recalled && (both || province_named))
                    recalled = i;
            } else if ((!reported || (in_title(page, page.sentences[*reported]) && !title)) &&
                       both && !(s.chrome && !title && other)) {
                reported = i; // the story's own sentence tells more than the headline
            }
        }
        if ((!review || (in_title(page, page.sentences[*review]) && !title)) &&
            (st.reviews || has(elapsed)) && (both || names_agreement))
            review = i; // the story's own sentence tells more than the headline
        // The agreement's content, its parties named: "Theo thỏa thuận, UBND tỉnh và VNPT sẽ
        // ...", "Thỏa thuận giữa UBND tỉnh X và MobiFone gồm 5 nhóm nội dung", "Cụ thể, hai bên
        // thống nhất hợp tác trên 6 nhóm nội dung" in an excerpt that starts after the signing.
        const bool stated = st.commits || st.continues || st.lists || has(between_parties);
        const bool sides = (p.province && p.carrier) || (has(both_sides) && province_named);
        if (!content && stated && sides && names_agreement && !st.looks_back && !s.chrome &&
            !has(proposal) && !dated_before(page, s, published))
            content = i;
    }
    if (reported && !(review && *review < *reported && *reported >= page.story + lede_sentences)) {
        out.kind = "agreement";
        out.where = reported;
        out.signing = reported;
    } else if (review || recalled || dated) {
        out.kind = "implementation";
        out.where = review ? review : recalled ? recalled : dated;
        out.signing = recalled ? recalled : dated;
    } else if (content && !future) { // a draft for a signing to come is no agreement yet
        out.kind = "agreement";      // the content of an agreement whose signing the excerpt lacks
        out.where = content;
    }
    return out;
}

} // namespace vnsearch::extract
