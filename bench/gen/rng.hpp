#pragma once
/// Random numbers for the scale-corpus generator: a seeded xoshiro256** stream and an
/// integer Zipf table. Everything here is integer arithmetic, so one seed gives the same
/// draws on every machine, compiler and standard library.

#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

namespace vnsearch::gen {

/// SplitMix64: expands one 64-bit seed into well-mixed state words.
inline std::uint64_t splitmix64(std::uint64_t& state) noexcept {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/// xoshiro256** (Blackman and Vigna), seeded through SplitMix64.
class Rng {
public:
    /// A stream for `seed`; `stream` selects an independent sub-stream (e.g. a document number).
    explicit Rng(std::uint64_t seed, std::uint64_t stream = 0) noexcept {
        std::uint64_t sm = seed ^ (stream * 0xD1B54A32D192ED03ULL);
        for (auto& w : m_s)
            w = splitmix64(sm);
    }

    /// The next 64 random bits.
    std::uint64_t next() noexcept {
        const std::uint64_t result = rotl(m_s[1] * 5, 7) * 9;
        const std::uint64_t t = m_s[1] << 17;
        m_s[2] ^= m_s[0];
        m_s[3] ^= m_s[1];
        m_s[1] ^= m_s[2];
        m_s[0] ^= m_s[3];
        m_s[2] ^= t;
        m_s[3] = rotl(m_s[3], 45);
        return result;
    }

    /// Uniform in [0, n); n > 0. The modulo bias is below 2^-40 for every n we use.
    std::uint64_t below(std::uint64_t n) noexcept { return (next() >> 1) % n; }

    /// Uniform in [lo, hi], both included.
    std::int64_t between(std::int64_t lo, std::int64_t hi) noexcept {
        return lo + static_cast<std::int64_t>(below(static_cast<std::uint64_t>(hi - lo) + 1));
    }

    /// True with probability percent / 100.
    bool percent(unsigned pct) noexcept { return below(100) < pct; }

    /// An index drawn with the given integer weights (at least one positive).
    std::size_t weighted(std::span<const unsigned> weights) noexcept {
        std::uint64_t total = 0;
        for (unsigned w : weights)
            total += w;
        std::uint64_t x = below(total);
        for (std::size_t i = 0; i < weights.size(); ++i) {
            if (x < weights[i])
                return i;
            x -= weights[i];
        }
        return weights.size() - 1;
    }

    /// Fisher-Yates shuffle.
    template <typename T>
    void shuffle(std::vector<T>& v) noexcept {
        for (std::size_t i = v.size(); i > 1; --i)
            std::swap(v[i - 1], v[below(i)]);
    }

private:
    static std::uint64_t rotl(std::uint64_t x, int k) noexcept {
        return (x << k) | (x >> (64 - k));
    }
    std::uint64_t m_s[4];
};

/// Zipf-Mandelbrot ranks: rank r (0-based) is drawn with weight 1 / (r + 1 + offset).
/// The offset flattens the head so that the most frequent item is not in every document.
class Zipf {
public:
    Zipf() = default;
    Zipf(std::size_t n, std::uint64_t offset) {
        m_cumulative.reserve(n);
        std::uint64_t total = 0;
        for (std::size_t r = 0; r < n; ++r) {
            total += (std::uint64_t{1} << 32) / (r + 1 + offset);
            m_cumulative.push_back(total);
        }
    }

    /// A rank in [0, size()); size() must not be zero.
    std::size_t draw(Rng& rng) const noexcept {
        const std::uint64_t x = rng.below(m_cumulative.back());
        return static_cast<std::size_t>(
            std::upper_bound(m_cumulative.begin(), m_cumulative.end(), x) - m_cumulative.begin());
    }

    std::size_t size() const noexcept { return m_cumulative.size(); }

private:
    std::vector<std::uint64_t> m_cumulative;
};

} // namespace vnsearch::gen
