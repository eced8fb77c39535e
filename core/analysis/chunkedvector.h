#pragma once

#include <cstddef>
#include <iterator>
#include <stdexcept>
#include <utility>
#include <vector>

namespace SupervisorLab {

// A sequence that grows at the back in chunks of about 64 KiB: appending never moves more than one chunk, where a
// vector doubling under a million items copies them all in one go and stalls whoever appends. Reading by index
// costs a shift and a mask, and items within a chunk lie side by side, so a search walks memory in order. The oldest
// items can leave at the front (dropFront): index 0 is then the oldest item kept, and a chunk's memory goes once
// all its items have left.
template<typename T> class ChunkedVector
{
    static constexpr std::size_t shiftFor(std::size_t itemBytes)
    {
        std::size_t shift = 0;
        while (shift < 16 && (std::size_t(2) << shift) * itemBytes <= 65536)
            ++shift;
        return shift;
    }
    static constexpr std::size_t kShift = shiftFor(sizeof(T));
    static constexpr std::size_t kChunkSize = std::size_t(1) << kShift;
    static constexpr std::size_t kMask = kChunkSize - 1;

public:
    using value_type = T;
    using size_type = std::size_t;

    class const_iterator
    {
    public:
        using iterator_category = std::random_access_iterator_tag;
        using value_type = T;
        using difference_type = std::ptrdiff_t;
        using pointer = const T *;
        using reference = const T &;

        const_iterator() = default;
        const_iterator(const ChunkedVector *items, difference_type index)
            : m_items(items)
            , m_index(index)
        {
        }

        reference operator*() const { return (*m_items)[size_type(m_index)]; }
        pointer operator->() const { return &**this; }
        reference operator[](difference_type n) const { return *(*this + n); }
        const_iterator &operator++() { return *this += 1; }
        const_iterator operator++(int) { return std::exchange(*this, *this + 1); }
        const_iterator &operator--() { return *this -= 1; }
        const_iterator operator--(int) { return std::exchange(*this, *this - 1); }
        const_iterator &operator+=(difference_type n)
        {
            m_index += n;
            return *this;
        }
        const_iterator &operator-=(difference_type n) { return *this += -n; }
        friend const_iterator operator+(const_iterator it, difference_type n) { return it += n; }
        friend const_iterator operator+(difference_type n, const_iterator it) { return it += n; }
        friend const_iterator operator-(const_iterator it, difference_type n) { return it -= n; }
        friend difference_type operator-(const const_iterator &a, const const_iterator &b)
        {
            return a.m_index - b.m_index;
        }
        friend bool operator==(const const_iterator &a, const const_iterator &b) { return a.m_index == b.m_index; }
        friend auto operator<=>(const const_iterator &a, const const_iterator &b) { return a.m_index <=> b.m_index; }

    private:
        const ChunkedVector *m_items = nullptr;
        difference_type m_index = 0;
    };

    size_type size() const { return m_size; }
    bool empty() const { return m_size == 0; }

    const T &operator[](size_type index) const
    {
        index += m_offset;
        return m_chunks[index >> kShift][index & kMask];
    }
    T &operator[](size_type index)
    {
        index += m_offset;
        return m_chunks[index >> kShift][index & kMask];
    }
    const T &at(size_type index) const
    {
        if (index >= m_size)
            throw std::out_of_range("ChunkedVector::at");
        return (*this)[index];
    }
    const T &front() const { return m_chunks.front()[m_offset]; }
    const T &back() const { return m_chunks.back().back(); }
    T &back() { return m_chunks.back().back(); }

    const_iterator begin() const { return { this, 0 }; }
    const_iterator end() const { return { this, std::ptrdiff_t(m_size) }; }

    void push_back(const T &item)
    {
        if (m_chunks.empty() || m_chunks.back().size() == kChunkSize)
            m_chunks.emplace_back();
        m_chunks.back().push_back(item);
        ++m_size;
    }
    void pop_back()
    {
        m_chunks.back().pop_back();
        --m_size;
        if (m_size == 0)
            clear();
        else if (m_chunks.back().empty())
            m_chunks.pop_back();
    }
    void clear()
    {
        m_chunks.clear();
        m_size = 0;
        m_offset = 0;
    }
    // Removes the oldest `count` items (all of them if there are fewer); frees every chunk they leave empty.
    void dropFront(size_type count)
    {
        count = count < m_size ? count : m_size;
        if (count == m_size) {
            clear();
            return;
        }
        m_offset += count;
        m_size -= count;
        size_type whole = 0;
        while (m_offset - whole * kChunkSize >= kChunkSize)
            ++whole;
        m_chunks.erase(m_chunks.begin(), m_chunks.begin() + std::ptrdiff_t(whole));
        m_offset -= whole * kChunkSize;
    }

    friend bool operator==(const ChunkedVector &a, const ChunkedVector &b)
    {
        if (a.m_size != b.m_size)
            return false;
        for (size_type i = 0; i < a.m_size; ++i) {
            if (!(a[i] == b[i]))
                return false;
        }
        return true;
    }

private:
    // All full but the last, which is never empty; the first `m_offset` items of the first chunk have left.
    std::vector<std::vector<T>> m_chunks;
    size_type m_size = 0;
    size_type m_offset = 0;
};

} // namespace SupervisorLab
