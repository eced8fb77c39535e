#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
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

    friend bool operator==(const StoredEvent &, const StoredEvent &) = default;
};
static_assert(sizeof(StoredEvent) == 32, "events are stored in 32 bytes");

// An append-only, thread-safe sequence of events with non-decreasing times, whose memory stays bounded however long
// the run: only the newest blocks are held in memory, older sealed blocks are spilled to a temporary file.
//
// Writers from any thread take a short lock, which also makes the time stamps monotonic. Readers take no lock for
// the blocks in memory: events live in fixed blocks that never move, and an event becomes visible (size()) only once
// it is fully written. read() copies the event out, because a block may leave memory at any time: a reader announces
// itself in a counter before it looks up a block, and a block taken out of memory is freed only once no reader is
// counted (the free waits, it never blocks a reader). A spilled block is read back through a small cache of decoded
// blocks under a lock: for the export, the table scrolling back, a replay seek.
//
// Why a file and this codec: a flood records ~180 000 events a second, 20 MB/s at 32 bytes; an hour is 20 GB, more
// than many machines have, while the window only shows the newest events and the rest must stay exportable. Sealed
// blocks are immutable, so they can be written once and never touched again; events delta-encode to ~8-10 bytes with
// variable-length integers (times ascend, workers, incarnations and reasons repeat), at ~1 ms a block on the thread
// that sealed it, outside the append lock and without a compression library. The file is unlinked as soon as it is
// opened (and close-on-exec), so nothing is left behind by a crash and no supervised program inherits it.
//
// When the disk runs short (a write fails, or the spill file reaches its limit), the store stops keeping detail: the
// spill file is dropped and only the newest blocks stay, as discardBefore() would keep them (firstIndex() moves on);
// status().diskShort says so. Recording never fails for it. Plain C++ (POSIX files): the concurrency here is tested
// under ThreadSanitizer without Qt.
class EventStore
{
public:
    // What the store keeps, for a status line.
    struct Status
    {
        size_t events = 0; // ever appended
        size_t inMemory = 0; // events held in memory blocks
        size_t spilled = 0; // events held in the spill file
        size_t dropped = 0; // events no longer held (firstIndex())
        uint64_t memoryBytes = 0;
        uint64_t diskBytes = 0;
        bool diskShort = false; // the disk ran short: older events are being dropped
    };

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
    // The oldest event still held: 0 until blocks are discarded (or dropped when the disk ran short).
    size_t firstIndex() const { return m_first.load(std::memory_order_acquire); }
    // A copy of the event. Any thread, at any time; requires index < size(). An event no longer held (below
    // firstIndex(), which may move on while the caller looks) reads as a blank StoredEvent.
    StoredEvent read(size_t index) const;
    // Frees every block that holds only events before `index`; the newest block always stays.
    void discardBefore(size_t index);
    int64_t lastTimeUs() const;
    // Memory held: the blocks in memory, the cache of spilled blocks read back, the block directories.
    size_t memoryBytes() const;
    Status status() const;

    // At most this many blocks stay in memory (at least 2: the one being written and one sealed); older sealed
    // blocks are spilled. 0: no limit, nothing is spilled. Any time; takes effect at the next block.
    void setMemoryBudgetBlocks(size_t blocks);
    size_t memoryBudgetBlocks() const;
    // Where the spill file goes (default: $TMPDIR, else /tmp). Before the first spill.
    void setSpillDirectory(const std::string &directory);
    // The spill file may grow to this many bytes (0: until the disk is nearly full: less than
    // kDiskReserveBytes free, or a write fails); past it the disk counts as short. A test's knob, and a user's.
    void setSpillLimitBytes(uint64_t bytes);
    static constexpr uint64_t kDiskReserveBytes = uint64_t(1) << 30;

    static constexpr size_t kBlockShift = 14;
    static constexpr size_t kBlockSize = size_t(1) << kBlockShift;
    static constexpr size_t kDefaultMemoryBudgetBlocks = 128; // 64 MiB: about 11 s of the worst flood measured

private:
    using Slot = std::atomic<StoredEvent *>;
    struct Extent
    {
        uint64_t offset = 0;
        uint32_t bytes = 0; // 0: not in the file
    };
    struct CachedBlock
    {
        size_t block = 0;
        std::vector<StoredEvent> events;
    };

    // Returns true if a block was sealed and the store holds more than its budget.
    bool pushLocked(const StoredEvent &event);
    void spillExcess();
    bool writeBlock(const StoredEvent *events, Extent &extent, std::string &why);
    void dropOlderThanMemory(size_t block); // the disk ran short: requires m_spillMutex and m_appendMutex
    void takeOutOfMemoryLocked(size_t block); // requires m_appendMutex
    std::vector<std::unique_ptr<StoredEvent[]>> takeFreeableLocked(); // requires m_appendMutex
    StoredEvent readSpilled(size_t index) const;

    mutable std::mutex m_appendMutex;
    int64_t m_lastUs = 0;
    std::atomic<size_t> m_size { 0 };
    std::atomic<size_t> m_first { 0 };
    size_t m_heldBlocks = 0; // in memory; guarded by m_appendMutex
    size_t m_firstInMemory = 0; // the oldest block in memory; guarded by m_appendMutex
    size_t m_budgetBlocks = kDefaultMemoryBudgetBlocks; // guarded by m_appendMutex
    std::atomic<Slot *> m_blocks { nullptr };
    // Every block directory ever published, kept alive because a reader may still be looking at an old one: each is
    // twice the one before, so all of them together take less than twice the newest.
    std::vector<std::unique_ptr<Slot[]>> m_directories;
    std::vector<size_t> m_directoryCapacities;
    std::vector<std::unique_ptr<StoredEvent[]>> m_ownedBlocks;
    // Readers between announcing themselves and leaving a block; blocks taken out of memory wait in m_retired
    // until a moment when none is counted.
    mutable std::atomic<size_t> m_readers { 0 };
    std::vector<std::unique_ptr<StoredEvent[]>> m_retired; // guarded by m_appendMutex
    std::atomic<bool> m_hasRetired { false };

    // Spilling: one spiller at a time, outside the append lock.
    std::mutex m_spillMutex;
    std::string m_spillDirectory; // guarded by m_spillMutex
    int m_fd = -1; // guarded by m_spillMutex for writing; read with pread under m_cacheMutex
    uint64_t m_spillLimit = 0; // guarded by m_spillMutex
    uint64_t m_fileBytes = 0; // guarded by m_spillMutex
    std::atomic<uint64_t> m_diskBytes { 0 };
    std::atomic<size_t> m_spilledBlocks { 0 };
    std::atomic<bool> m_diskShort { false };
    size_t m_spillsSinceSpaceCheck = 0;

    // Spilled blocks: where each is in the file, and the newest few decoded, least recently used last.
    mutable std::mutex m_cacheMutex;
    std::vector<Extent> m_extents; // by block; guarded by m_cacheMutex
    mutable std::list<CachedBlock> m_cache; // guarded by m_cacheMutex
    static constexpr size_t kCachedBlocks = 4;
};

} // namespace SupervisorLab
