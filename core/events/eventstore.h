#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

namespace SupervisorLab {

// One event as stored: 32 bytes. What the fields mean depends on the kind (see EventLog).
struct StoredEvent
{
    int64_t tUs = 0;
    int64_t number = 0;
    uint32_t worker = 0;
    uint32_t incarnation = 0;
    uint32_t text = 0;
    uint8_t kind = 0;
    uint8_t detail = 0;
    uint16_t causeWorker = 0; // the cause's worker + 1; 0: no cause
};
static_assert(sizeof(StoredEvent) == 32, "events are stored in 32 bytes");

// An append-only, thread-safe sequence of events with non-decreasing times.
//
// Writers from any thread take a short lock, which also makes the time stamps monotonic. Readers take no
// lock: events live in fixed blocks that never move, and an event becomes visible (size()) only once it is
// fully written. A long run may drop its oldest blocks (discardBefore); indices keep counting from the first
// event ever appended. Plain C++: the concurrency here is tested under ThreadSanitizer without Qt.
class EventStore
{
public:
    EventStore();
    ~EventStore();
    EventStore(const EventStore &) = delete;
    EventStore &operator=(const EventStore &) = delete;

    // Appends `event` at time max(nowUs, time of the last event); returns the time it got.
    int64_t append(StoredEvent event, int64_t nowUs);
    // Appends two events one right after the other, at the same time, with no other event between them.
    int64_t appendTogether(StoredEvent first, StoredEvent second, int64_t nowUs);
    // Appends an event that carries its own time; refuses one earlier than the last event.
    bool appendStamped(const StoredEvent &event);

    size_t size() const { return m_size.load(std::memory_order_acquire); }
    // The oldest event still held: 0 until blocks are discarded.
    size_t firstIndex() const { return m_first.load(std::memory_order_acquire); }
    // Requires firstIndex() <= index < size().
    const StoredEvent &at(size_t index) const;
    // Frees every block that holds only events before `index`; the newest block always stays. For the log's one
    // reader: no other thread may read events while it runs (writers may go on appending).
    void discardBefore(size_t index);
    int64_t lastTimeUs() const;
    size_t memoryBytes() const;

    static constexpr size_t kBlockShift = 14;
    static constexpr size_t kBlockSize = size_t(1) << kBlockShift;

private:
    void pushLocked(const StoredEvent &event);

    mutable std::mutex m_appendMutex;
    int64_t m_lastUs = 0;
    std::atomic<size_t> m_size { 0 };
    std::atomic<size_t> m_first { 0 };
    size_t m_heldBlocks = 0; // guarded by m_appendMutex
    std::atomic<StoredEvent *const *> m_blocks { nullptr };
    // Every block directory ever published, kept alive because a reader may still be looking at an old one.
    std::vector<std::unique_ptr<StoredEvent *[]>> m_directories;
    size_t m_directoryCapacity = 0;
    std::vector<std::unique_ptr<StoredEvent[]>> m_ownedBlocks;
};

} // namespace SupervisorLab
