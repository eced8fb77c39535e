#include "events/eventstore.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <fcntl.h>
#include <sys/statvfs.h>
#include <unistd.h>

namespace SupervisorLab {

namespace {

// A spilled block: each event as the differences of its fields from the event before it, in variable-length
// integers (7 bits a byte, zigzag for signed differences). Times ascend and neighbours share workers, incarnations
// and reasons, so most events take 7 to 10 bytes instead of 32.
void putVarint(std::vector<uint8_t> &out, uint64_t value)
{
    while (value >= 0x80) {
        out.push_back(uint8_t(value | 0x80));
        value >>= 7;
    }
    out.push_back(uint8_t(value));
}

uint64_t zigzag(int64_t value)
{
    return (uint64_t(value) << 1) ^ uint64_t(value >> 63);
}

int64_t unzigzag(uint64_t value)
{
    return int64_t(value >> 1) ^ -int64_t(value & 1);
}

// Reads one variable-length integer; false if the bytes end before it does or it is too long.
bool getVarint(const uint8_t *&in, const uint8_t *end, uint64_t &value)
{
    value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        if (in == end)
            return false;
        const uint8_t byte = *in++;
        value |= uint64_t(byte & 0x7f) << shift;
        if (!(byte & 0x80))
            return true;
    }
    return false;
}

int64_t difference(uint64_t now, uint64_t before)
{
    return int64_t(now - before); // modulo 2^64: decodes back exactly, whatever the values
}

std::vector<uint8_t> encodeBlock(const StoredEvent *events, size_t count)
{
    std::vector<uint8_t> out;
    out.reserve(count * 12);
    StoredEvent previous;
    for (size_t i = 0; i < count; ++i) {
        const StoredEvent &event = events[i];
        putVarint(out, zigzag(difference(uint64_t(event.tUs), uint64_t(previous.tUs))));
        putVarint(out, zigzag(difference(uint64_t(event.number), uint64_t(previous.number))));
        putVarint(out, zigzag(int64_t(event.worker) - int64_t(previous.worker)));
        putVarint(out, zigzag(int64_t(event.incarnation) - int64_t(previous.incarnation)));
        putVarint(out, zigzag(int64_t(event.text) - int64_t(previous.text)));
        out.push_back(event.kind);
        out.push_back(event.detail);
        putVarint(out, event.causeWorker);
        previous = event;
    }
    return out;
}

bool decodeBlock(const uint8_t *in, const uint8_t *end, std::vector<StoredEvent> &events, size_t count)
{
    events.resize(count);
    StoredEvent previous;
    for (size_t i = 0; i < count; ++i) {
        uint64_t t, number, worker, incarnation, text, cause;
        if (!getVarint(in, end, t) || !getVarint(in, end, number) || !getVarint(in, end, worker)
            || !getVarint(in, end, incarnation) || !getVarint(in, end, text) || end - in < 2)
            return false;
        StoredEvent event;
        event.tUs = int64_t(uint64_t(previous.tUs) + uint64_t(unzigzag(t)));
        event.number = int64_t(uint64_t(previous.number) + uint64_t(unzigzag(number)));
        event.worker = uint32_t(int64_t(previous.worker) + unzigzag(worker));
        event.incarnation = uint32_t(int64_t(previous.incarnation) + unzigzag(incarnation));
        event.text = uint32_t(int64_t(previous.text) + unzigzag(text));
        event.kind = *in++;
        event.detail = *in++;
        if (!getVarint(in, end, cause))
            return false;
        event.causeWorker = uint16_t(cause);
        events[i] = previous = event;
    }
    return in == end;
}

std::string defaultSpillDirectory()
{
    const char *tmp = std::getenv("TMPDIR");
    return tmp && *tmp ? std::string(tmp) : std::string("/tmp");
}

} // namespace

EventStore::EventStore() = default;

EventStore::~EventStore()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

int64_t EventStore::append(StoredEvent event, int64_t nowUs)
{
    bool excess;
    {
        std::lock_guard lock(m_appendMutex);
        event.tUs = std::max(nowUs, m_lastUs);
        excess = pushLocked(event);
    }
    if (excess)
        spillExcess();
    return event.tUs;
}

int64_t EventStore::appendTogether(StoredEvent first, StoredEvent second, int64_t nowUs)
{
    bool excess;
    {
        std::lock_guard lock(m_appendMutex);
        first.tUs = second.tUs = std::max(nowUs, m_lastUs);
        excess = pushLocked(first);
        excess = pushLocked(second) || excess;
    }
    if (excess)
        spillExcess();
    return first.tUs;
}

bool EventStore::appendStamped(const StoredEvent &event)
{
    bool excess;
    {
        std::lock_guard lock(m_appendMutex);
        if (event.tUs < m_lastUs)
            return false;
        excess = pushLocked(event);
    }
    if (excess)
        spillExcess();
    return true;
}

StoredEvent EventStore::read(size_t index) const
{
    const size_t block = index >> kBlockShift;
    // Announced before the block is looked up: whoever takes a block out of memory frees it only once no reader is
    // counted, and a reader counted after that sees the block gone (both sides sequentially consistent).
    m_readers.fetch_add(1, std::memory_order_seq_cst);
    const Slot *blocks = m_blocks.load(std::memory_order_seq_cst);
    const StoredEvent *events = blocks ? blocks[block].load(std::memory_order_seq_cst) : nullptr;
    if (events) {
        const StoredEvent event = events[index & (kBlockSize - 1)];
        m_readers.fetch_sub(1, std::memory_order_release);
        return event;
    }
    m_readers.fetch_sub(1, std::memory_order_release);
    return readSpilled(index);
}

StoredEvent EventStore::readSpilled(size_t index) const
{
    const size_t block = index >> kBlockShift;
    std::lock_guard lock(m_cacheMutex);
    for (auto it = m_cache.begin(); it != m_cache.end(); ++it) {
        if (it->block == block) {
            m_cache.splice(m_cache.begin(), m_cache, it);
            return it->events[index & (kBlockSize - 1)];
        }
    }
    if (block >= m_extents.size() || m_extents[block].bytes == 0 || m_fd < 0)
        return {}; // no longer held
    const Extent extent = m_extents[block];
    std::vector<uint8_t> bytes(extent.bytes);
    size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t got = ::pread(m_fd, bytes.data() + done, bytes.size() - done, off_t(extent.offset + done));
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            return {};
        done += size_t(got);
    }
    CachedBlock cached;
    cached.block = block;
    if (!decodeBlock(bytes.data(), bytes.data() + bytes.size(), cached.events, kBlockSize))
        return {};
    if (m_cache.size() >= kCachedBlocks)
        m_cache.pop_back();
    m_cache.push_front(std::move(cached));
    return m_cache.front().events[index & (kBlockSize - 1)];
}

int64_t EventStore::lastTimeUs() const
{
    std::lock_guard lock(m_appendMutex);
    return m_lastUs;
}

size_t EventStore::memoryBytes() const
{
    size_t cached = 0;
    size_t extents = 0;
    {
        std::lock_guard lock(m_cacheMutex);
        cached = m_cache.size() * kBlockSize * sizeof(StoredEvent);
        extents = m_extents.capacity() * sizeof(Extent);
    }
    std::lock_guard lock(m_appendMutex);
    size_t directories = m_ownedBlocks.capacity() * sizeof(void *);
    for (const size_t capacity : m_directoryCapacities)
        directories += capacity * sizeof(Slot);
    return (m_heldBlocks + m_retired.size()) * kBlockSize * sizeof(StoredEvent) + directories + cached + extents;
}

EventStore::Status EventStore::status() const
{
    Status status;
    status.memoryBytes = memoryBytes();
    status.diskBytes = m_diskBytes.load(std::memory_order_relaxed);
    status.diskShort = m_diskShort.load(std::memory_order_relaxed);
    std::lock_guard lock(m_appendMutex);
    status.events = m_size.load(std::memory_order_relaxed);
    status.dropped = m_first.load(std::memory_order_relaxed);
    const size_t inMemoryFrom = std::max(status.dropped, m_firstInMemory << kBlockShift);
    status.inMemory = status.events - std::min(status.events, inMemoryFrom);
    status.spilled = status.events - status.dropped - status.inMemory;
    return status;
}

void EventStore::setMemoryBudgetBlocks(size_t blocks)
{
    std::lock_guard lock(m_appendMutex);
    m_budgetBlocks = blocks == 0 ? 0 : std::max<size_t>(2, blocks);
}

size_t EventStore::memoryBudgetBlocks() const
{
    std::lock_guard lock(m_appendMutex);
    return m_budgetBlocks;
}

void EventStore::setSpillDirectory(const std::string &directory)
{
    std::lock_guard lock(m_spillMutex);
    m_spillDirectory = directory;
}

void EventStore::setSpillLimitBytes(uint64_t bytes)
{
    std::lock_guard lock(m_spillMutex);
    m_spillLimit = bytes;
}

bool EventStore::pushLocked(const StoredEvent &event)
{
    const size_t index = m_size.load(std::memory_order_relaxed);
    const size_t block = index >> kBlockShift;
    bool sealed = false;
    if (block == m_ownedBlocks.size()) {
        const size_t capacity = m_directoryCapacities.empty() ? 0 : m_directoryCapacities.back();
        if (block == capacity) {
            // Publish a larger directory; the old one stays valid for readers that loaded it.
            const size_t larger = std::max<size_t>(16, capacity * 2);
            auto directory = std::make_unique<Slot[]>(larger);
            for (size_t i = 0; i < capacity; ++i)
                directory[i].store(m_directories.back()[i].load(std::memory_order_relaxed), std::memory_order_relaxed);
            m_directories.push_back(std::move(directory));
            m_directoryCapacities.push_back(larger);
        }
        m_ownedBlocks.push_back(std::make_unique<StoredEvent[]>(kBlockSize));
        ++m_heldBlocks;
        m_directories.back()[block].store(m_ownedBlocks.back().get(), std::memory_order_release);
        m_blocks.store(m_directories.back().get(), std::memory_order_release);
        sealed = block > 0;
    }
    m_ownedBlocks[block][index & (kBlockSize - 1)] = event;
    m_lastUs = event.tUs;
    m_size.store(index + 1, std::memory_order_release);
    if (m_hasRetired.load(std::memory_order_relaxed) && m_readers.load(std::memory_order_seq_cst) == 0)
        return true; // the spiller's path frees what waits, outside this lock
    return sealed && m_budgetBlocks > 0 && m_heldBlocks > m_budgetBlocks;
}

void EventStore::takeOutOfMemoryLocked(size_t block)
{
    for (size_t d = 0; d < m_directories.size(); ++d) {
        if (block < m_directoryCapacities[d])
            m_directories[d][block].store(nullptr, std::memory_order_seq_cst);
    }
    if (m_ownedBlocks[block]) {
        m_retired.push_back(std::move(m_ownedBlocks[block]));
        m_hasRetired.store(true, std::memory_order_relaxed);
        --m_heldBlocks;
    }
    m_firstInMemory = std::max(m_firstInMemory, block + 1);
}

std::vector<std::unique_ptr<StoredEvent[]>> EventStore::takeFreeableLocked()
{
    std::vector<std::unique_ptr<StoredEvent[]>> freeable;
    if (!m_retired.empty() && m_readers.load(std::memory_order_seq_cst) == 0) {
        freeable.swap(m_retired);
        m_hasRetired.store(false, std::memory_order_relaxed);
    }
    return freeable;
}

bool EventStore::writeBlock(const StoredEvent *events, Extent &extent, std::string &why)
{
    if (m_fd < 0) {
        std::string path
            = (m_spillDirectory.empty() ? defaultSpillDirectory() : m_spillDirectory) + "/supervisorlab-events-XXXXXX";
        const int fd = ::mkostemp(path.data(), O_CLOEXEC);
        if (fd < 0) {
            why = std::strerror(errno);
            return false;
        }
        ::unlink(path.c_str()); // gone with the process, whatever happens to it
        std::lock_guard lock(m_cacheMutex);
        m_fd = fd;
    }
    const std::vector<uint8_t> bytes = encodeBlock(events, kBlockSize);
    if (m_spillLimit > 0 && m_fileBytes + bytes.size() > m_spillLimit) {
        why = "limit";
        return false;
    }
    if (++m_spillsSinceSpaceCheck >= 16) {
        // Every 16 blocks (a few MB), whether the disk keeps its reserve: the user's other programs need it more.
        m_spillsSinceSpaceCheck = 0;
        struct statvfs space;
        if (::fstatvfs(m_fd, &space) == 0 && uint64_t(space.f_bavail) * space.f_frsize < kDiskReserveBytes) {
            why = "reserve";
            return false;
        }
    }
    size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t wrote = ::pwrite(m_fd, bytes.data() + done, bytes.size() - done, off_t(m_fileBytes + done));
        if (wrote < 0 && errno == EINTR)
            continue;
        if (wrote <= 0) {
            why = std::strerror(errno);
            return false;
        }
        done += size_t(wrote);
    }
    extent.offset = m_fileBytes;
    extent.bytes = uint32_t(bytes.size());
    m_fileBytes += bytes.size();
    return true;
}

void EventStore::spillExcess()
{
    std::unique_lock spilling(m_spillMutex, std::try_to_lock);
    if (!spilling.owns_lock())
        return; // another thread is at it, and will look again before it stops
    for (;;) {
        size_t block = 0;
        const StoredEvent *events = nullptr;
        std::vector<std::unique_ptr<StoredEvent[]>> freeable;
        {
            std::lock_guard lock(m_appendMutex);
            freeable = takeFreeableLocked();
            const size_t newest = m_ownedBlocks.empty() ? 0 : m_ownedBlocks.size() - 1;
            if (m_budgetBlocks == 0 || m_heldBlocks <= m_budgetBlocks || m_firstInMemory >= newest)
                break;
            block = m_firstInMemory;
            events = m_ownedBlocks[block].get(); // sealed: nobody writes it again, and only we take it out
        }
        if (m_diskShort.load(std::memory_order_relaxed)) {
            std::lock_guard lock(m_appendMutex);
            takeOutOfMemoryLocked(block);
            const size_t first = (block + 1) << kBlockShift;
            if (first > m_first.load(std::memory_order_relaxed))
                m_first.store(first, std::memory_order_release);
            continue;
        }
        Extent extent;
        std::string why;
        if (!writeBlock(events, extent, why)) {
            dropOlderThanMemory(block);
            continue;
        }
        {
            std::lock_guard lock(m_cacheMutex);
            if (m_extents.size() <= block)
                m_extents.resize(block + 1);
            m_extents[block] = extent; // before the block leaves memory: a reader that misses it finds it here
        }
        m_diskBytes.store(m_fileBytes, std::memory_order_relaxed);
        m_spilledBlocks.fetch_add(1, std::memory_order_relaxed);
        std::lock_guard lock(m_appendMutex);
        takeOutOfMemoryLocked(block);
    }
    // Whatever waited for the readers to leave is freed here, outside the locks; and once more after this, if it
    // could not be yet: the next append that finds no reader calls back.
    std::vector<std::unique_ptr<StoredEvent[]>> freeable;
    std::lock_guard lock(m_appendMutex);
    freeable = takeFreeableLocked();
}

void EventStore::dropOlderThanMemory(size_t block)
{
    // The disk is short: the file goes, with every event in it, and from now on the oldest blocks in memory are
    // dropped instead of spilled. What stays is the newest events, from `block` on, as after discardBefore().
    m_diskShort.store(true, std::memory_order_relaxed);
    {
        std::lock_guard lock(m_appendMutex);
        const size_t first = block << kBlockShift;
        if (first > m_first.load(std::memory_order_relaxed))
            m_first.store(first, std::memory_order_release);
    }
    std::lock_guard lock(m_cacheMutex);
    m_extents.clear();
    m_extents.shrink_to_fit();
    m_cache.clear();
    if (m_fd >= 0) {
        ::close(m_fd);
        m_fd = -1;
    }
    m_fileBytes = 0;
    m_diskBytes.store(0, std::memory_order_relaxed);
}

void EventStore::discardBefore(size_t index)
{
    std::lock_guard spilling(m_spillMutex);
    std::vector<std::unique_ptr<StoredEvent[]>> freeable;
    bool anySpilledLeft = false;
    size_t firstKept = 0;
    {
        std::lock_guard lock(m_appendMutex);
        const size_t newestBlock = m_ownedBlocks.empty() ? 0 : m_ownedBlocks.size() - 1;
        firstKept = std::min(index >> kBlockShift, newestBlock);
        for (size_t block = m_first.load(std::memory_order_relaxed) >> kBlockShift; block < firstKept; ++block) {
            if (m_ownedBlocks[block])
                takeOutOfMemoryLocked(block);
        }
        if (firstKept << kBlockShift > m_first.load(std::memory_order_relaxed))
            m_first.store(firstKept << kBlockShift, std::memory_order_release);
        anySpilledLeft = m_firstInMemory > firstKept;
        freeable = takeFreeableLocked();
    }
    std::lock_guard lock(m_cacheMutex);
    for (size_t block = 0; block < std::min(firstKept, m_extents.size()); ++block)
        m_extents[block] = {};
    m_cache.remove_if([firstKept](const CachedBlock &cached) { return cached.block < firstKept; });
    if (!anySpilledLeft && m_fd >= 0 && m_fileBytes > 0) {
        // Nothing in the file is held any more: give the disk back.
        if (::ftruncate(m_fd, 0) == 0) {
            m_fileBytes = 0;
            m_diskBytes.store(0, std::memory_order_relaxed);
        }
    }
    // `freeable` frees the blocks here, outside the append lock.
}

} // namespace SupervisorLab
