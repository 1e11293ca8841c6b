#include "vnsearch/data_dir.hpp"

#include <cstdlib>

namespace vnsearch {
namespace {

std::filesystem::path first_of(const char* env, const char* source, const char* installed) {
    if (const char* v = std::getenv(env); v != nullptr && *v != '\0')
        return v;
    std::error_code ec;
    if (std::filesystem::is_directory(source, ec))
        return source;
    return installed;
}

} // namespace

std::filesystem::path data_dir() {
    return first_of("VNSEARCH_DATA_DIR", VNSEARCH_SOURCE_DATA_DIR, VNSEARCH_INSTALL_DATA_DIR);
}

std::filesystem::path web_dir() {
    return first_of("VNSEARCH_WEB_DIR", VNSEARCH_SOURCE_WEB_DIR, VNSEARCH_INSTALL_WEB_DIR);
}

} // namespace vnsearch
