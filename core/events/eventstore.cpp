#include "events/eventstore.h"

#include <algorithm>

namespace SupervisorLab {

EventStore::EventStore() = default;
EventStore::~EventStore() = default;

int64_t EventStore::append(StoredEvent event, int64_t nowUs)
{
    std::lock_guard lock(m_appendMutex);
    event.tUs = std::max(nowUs, m_lastUs);
    pushLocked(event);
    return event.tUs;
}

int64_t EventStore::appendTogether(StoredEvent first, StoredEvent second, int64_t nowUs)
{
    std::lock_guard lock(m_appendMutex);
    first.tUs = second.tUs = std::max(nowUs, m_lastUs);
    pushLocked(first);
    pushLocked(second);
    return first.tUs;
}

bool EventStore::appendStamped(const StoredEvent &event)
{
    std::lock_guard lock(m_appendMutex);
    if (event.tUs < m_lastUs)
        return false;
    pushLocked(event);
    return true;
}

const StoredEvent &EventStore::at(size_t index) const
{
    StoredEvent *const *blocks = m_blocks.load(std::memory_order_acquire);
    return blocks[index >> kBlockShift][index & (kBlockSize - 1)];
}

int64_t EventStore::lastTimeUs() const
{
    std::lock_guard lock(m_appendMutex);
    return m_lastUs;
}

size_t EventStore::memoryBytes() const
{
    std::lock_guard lock(m_appendMutex);
    size_t directories = m_ownedBlocks.capacity() * sizeof(void *);
    size_t capacity = m_directoryCapacity; // each directory is twice the size of the one before
    for (size_t i = 0; i < m_directories.size(); ++i, capacity /= 2)
        directories += capacity * sizeof(void *);
    return m_heldBlocks * kBlockSize * sizeof(StoredEvent) + directories;
}

void EventStore::pushLocked(const StoredEvent &event)
{
    const size_t index = m_size.load(std::memory_order_relaxed);
    const size_t block = index >> kBlockShift;
    if (block == m_ownedBlocks.size()) {
        if (block == m_directoryCapacity) {
            // Publish a larger directory; the old one stays valid for readers that loaded it.
            const size_t capacity = std::max<size_t>(16, m_directoryCapacity * 2);
            auto directory = std::make_unique<StoredEvent *[]>(capacity);
            std::copy_n(
                m_directories.empty() ? nullptr : m_directories.back().get(), m_directoryCapacity, directory.get());
            m_directories.push_back(std::move(directory));
            m_directoryCapacity = capacity;
        }
        m_ownedBlocks.push_back(std::make_unique<StoredEvent[]>(kBlockSize));
        ++m_heldBlocks;
        m_directories.back()[block] = m_ownedBlocks.back().get();
        m_blocks.store(m_directories.back().get(), std::memory_order_release);
    }
    m_directories.back()[block][index & (kBlockSize - 1)] = event;
    m_lastUs = event.tUs;
    m_size.store(index + 1, std::memory_order_release);
}

void EventStore::discardBefore(size_t index)
{
    std::vector<std::unique_ptr<StoredEvent[]>> discarded;
    {
        std::lock_guard lock(m_appendMutex);
        const size_t newestBlock = m_ownedBlocks.empty() ? 0 : m_ownedBlocks.size() - 1;
        const size_t firstKept = std::min(index >> kBlockShift, newestBlock);
        for (size_t block = m_first.load(std::memory_order_relaxed) >> kBlockShift; block < firstKept; ++block) {
            m_directories.back()[block] = nullptr;
            discarded.push_back(std::move(m_ownedBlocks[block]));
        }
        m_heldBlocks -= discarded.size();
        if (firstKept << kBlockShift > m_first.load(std::memory_order_relaxed))
            m_first.store(firstKept << kBlockShift, std::memory_order_release);
        // No reader can be looking at an older directory now: keep only the one in use.
        if (m_directories.size() > 1)
            m_directories.erase(m_directories.begin(), m_directories.end() - 1);
    }
    // `discarded` frees the blocks here, outside the lock.
}

} // namespace SupervisorLab
