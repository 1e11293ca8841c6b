#pragma once
/// What each sentence of a story does: reports a signing, recalls an earlier one, states
/// what the parties commit to, voices a wish, looks back on results, or quotes a speaker.
/// The fact finders weigh what a sentence says by its stance: a pillar in a speaker's wish
/// is not the agreement's, a date in a recalled signing is not today's.

#include "extract/page.hpp"

#include <cstdint>
#include <vector>

namespace vnsearch::extract {

/// The stance of one sentence, as flags: a sentence can report a signing and commit.
struct Stance {
    bool signs = false; ///< a signing verb: "ký kết", "lễ ký", "ký thỏa thuận"
    bool recalls = false; ///< told as past: "Trước đó", "đã ký", "theo thỏa thuận đã ký"
    bool commits = false;   ///< the agreement's content: "Theo thỏa thuận", "hai bên sẽ"
    bool lists = false;     ///< an enumeration of fields: "trên 4 trụ cột", "tập trung vào"
    bool continues = false; ///< goes on with the content stated just before ("Cùng với đó")
    bool wishes = false;    ///< a request or hope: "đề nghị", "mong muốn", "kỳ vọng"
    bool looks_back = false; ///< results so far: "thời gian qua", "đã triển khai", "kết quả"
    bool speaks = false;     ///< a speaker's words: "phát biểu", "nhấn mạnh", "cho biết"
    bool reviews = false; ///< a review of an agreement: "sơ kết", "tổng kết", "đánh giá kết quả"
};

/// The stance of every sentence of the page, by index.
std::vector<Stance> read_stances(const Page& page);

/// Marks the sentences that tell a period ending before `current_from` (the agreement's
/// first year) as looking back: "Trong giai đoạn 2014-2020, VNPT đã ...".
void mark_earlier_periods(const Page& page, std::vector<Stance>& stances, int current_from);

/// Whether token `i` is the verb "ký" (to sign) rather than "chữ ký", "đăng ký", "ký số".
bool is_signing_verb(const std::vector<Token>& tokens, std::size_t i);

} // namespace vnsearch::extract
