// Stresses EventStore with concurrent writers and lock-free readers; built with -fsanitize=thread by run.sh.
// Exits non-zero, with a message on stderr, if any event is lost, reordered, torn or mis-stamped.

#include "events/eventstore.h"

#include <algorithm>
#include <atomic>
#include <cinttypes>
#include <cstdarg>
#include <cstdio>
#include <thread>
#include <vector>

using SupervisorLab::EventStore;
using SupervisorLab::StoredEvent;

namespace {

constexpr uint32_t kWriters = 4;
constexpr uint32_t kReaders = 2;
constexpr uint32_t kEventsPerWriter = 200'000; // 800,000 events: 49 blocks, directories of 16, 32, 64
constexpr size_t kTotalEvents = size_t(kWriters) * kEventsPerWriter;
constexpr uint8_t kKind = 7;

std::atomic<bool> g_failed { false };

// Formats into one buffer so that messages from different threads do not interleave.
[[gnu::format(printf, 1, 2)]] void fail(const char *format, ...)
{
    g_failed.store(true);
    char message[256];
    va_list args;
    va_start(args, format);
    std::vsnprintf(message, sizeof message, format, args);
    va_end(args);
    std::fprintf(stderr, "eventstore_stress: FAIL: %s\n", message);
}

// Writers ask for times that run at different speeds, so the store's clamping to the last time is exercised.
int64_t requestedTime(uint32_t worker, uint32_t sequence)
{
    return int64_t(sequence) * (worker + 1);
}

// Fields derived from (worker, sequence), so a torn or misplaced event is detectable.
StoredEvent makeEvent(uint32_t worker, uint32_t sequence)
{
    StoredEvent event;
    event.worker = worker;
    event.incarnation = sequence;
    event.number = int64_t(worker) << 32 | sequence;
    event.text = sequence ^ 0x5a5a5a5au;
    event.kind = kKind;
    return event;
}

bool isIntact(const StoredEvent &event)
{
    if (event.worker >= kWriters || event.incarnation >= kEventsPerWriter)
        return false;
    const StoredEvent expected = makeEvent(event.worker, event.incarnation);
    return event.number == expected.number && event.text == expected.text && event.kind == expected.kind
        && event.tUs >= requestedTime(event.worker, event.incarnation);
}

void writeEvents(EventStore &store, uint32_t worker, std::vector<int64_t> &stampedTimes)
{
    int64_t previous = 0;
    for (uint32_t sequence = 0; sequence < kEventsPerWriter; ++sequence) {
        const int64_t requested = requestedTime(worker, sequence);
        const int64_t stamped = store.append(makeEvent(worker, sequence), requested);
        if (stamped < requested || stamped < previous) {
            fail("writer %u: event %u stamped %" PRId64 " after asking %" PRId64 " and previously getting %" PRId64,
                worker, sequence, stamped, requested, previous);
            return;
        }
        stampedTimes[sequence] = previous = stamped;
    }
}

// Hands `read` each stretch of events [from, to) as soon as it becomes visible, until all writers have finished and
// everything is read, or until `read` returns false.
template<class Read> void followWriters(const EventStore &store, const std::atomic<uint32_t> &writersDone, Read read)
{
    size_t seen = 0;
    for (;;) {
        const bool finished = writersDone.load(std::memory_order_acquire) == kWriters;
        const size_t visible = store.size();
        if (visible == seen) {
            if (finished)
                return;
            std::this_thread::yield();
            continue;
        }
        if (!read(seen, visible))
            return;
        seen = visible;
    }
}

// Reads every event as soon as it becomes visible, until all writers have finished and everything is read.
void readEvents(const EventStore &store, const std::atomic<uint32_t> &writersDone, uint32_t reader)
{
    std::vector<uint32_t> nextSequence(kWriters, 0);
    int64_t previousTime = 0;
    followWriters(store, writersDone, [&](size_t from, size_t to) {
        for (size_t index = from; index < to; ++index) {
            const StoredEvent event = store.read(index);
            if (!isIntact(event)) {
                fail("reader %u: event %zu is corrupt (worker %u, sequence %u)", reader, index, event.worker,
                    event.incarnation);
                return false;
            }
            if (event.tUs < previousTime) {
                fail("reader %u: event %zu has time %" PRId64 ", before the previous event's %" PRId64, reader, index,
                    event.tUs, previousTime);
                return false;
            }
            if (event.incarnation != nextSequence[event.worker]) {
                fail("reader %u: event %zu is writer %u's number %u, expected %u", reader, index, event.worker,
                    event.incarnation, nextSequence[event.worker]);
                return false;
            }
            previousTime = event.tUs;
            ++nextSequence[event.worker];
        }
        return true;
    });
    for (uint32_t worker = 0; worker < kWriters; ++worker) {
        if (nextSequence[worker] != kEventsPerWriter)
            fail("reader %u: saw %u of writer %u's %u events", reader, nextSequence[worker], worker, kEventsPerWriter);
    }
}

// After the run: every event in place, with the time its writer was given.
void verifyFinalStore(const EventStore &store, const std::vector<std::vector<int64_t>> &stampedTimes)
{
    if (store.size() != kTotalEvents) {
        fail("store holds %zu events, expected %zu", store.size(), kTotalEvents);
        return;
    }
    std::vector<uint32_t> nextSequence(kWriters, 0);
    for (size_t index = 0; index < kTotalEvents; ++index) {
        const StoredEvent event = store.read(index);
        if (!isIntact(event) || event.incarnation != nextSequence[event.worker]
            || event.tUs != stampedTimes[event.worker][event.incarnation]) {
            fail("final event %zu is wrong (worker %u, sequence %u, time %" PRId64 ")", index, event.worker,
                event.incarnation, event.tUs);
            return;
        }
        ++nextSequence[event.worker];
    }
    if (store.lastTimeUs() != store.read(kTotalEvents - 1).tUs)
        fail("lastTimeUs() %" PRId64 " is not the last event's time %" PRId64, store.lastTimeUs(),
            store.read(kTotalEvents - 1).tUs);
}

// The log's one reader follows the writers and drops what it has read, keeping the latest `kKeptEvents`.
void readAndDiscard(EventStore &store, const std::atomic<uint32_t> &writersDone)
{
    constexpr size_t kKeptEvents = 3 * EventStore::kBlockSize;
    std::vector<uint32_t> nextSequence(kWriters, 0);
    followWriters(store, writersDone, [&](size_t from, size_t seen) {
        for (size_t index = from; index < seen; ++index) {
            const StoredEvent event = store.read(index);
            if (!isIntact(event) || event.incarnation != nextSequence[event.worker]) {
                fail("discarding reader: event %zu is wrong (worker %u, sequence %u)", index, event.worker,
                    event.incarnation);
                return false;
            }
            ++nextSequence[event.worker];
        }
        if (seen <= kKeptEvents)
            return true;
        store.discardBefore(seen - kKeptEvents);
        const size_t first = store.firstIndex();
        if (first + kKeptEvents + EventStore::kBlockSize < seen || first > seen - kKeptEvents) {
            fail("discarding reader: kept from event %zu after reading %zu", first, seen);
            return false;
        }
        // What it holds: the blocks from the oldest kept event to the newest written, and the block directory
        // (one pointer per block ever written, in a directory up to twice as large as needed). Writers go on
        // appending, so the size is read after the memory: the bound can then only be generous.
        const size_t held = store.memoryBytes();
        const size_t written = store.size();
        const size_t blocks = (written - first) / EventStore::kBlockSize + 2;
        const size_t bound = blocks * EventStore::kBlockSize * sizeof(StoredEvent)
            + 4 * (written / EventStore::kBlockSize + 16) * sizeof(void *);
        if (held > bound) {
            fail("discarding reader: the store holds %zu bytes for %zu blocks of events", held, blocks);
            return false;
        }
        return true;
    });
    const size_t first = store.firstIndex();
    if (first + kKeptEvents + EventStore::kBlockSize < kTotalEvents)
        fail("discarding reader: the oldest event held is %zu of %zu", first, kTotalEvents);
}

void runWithDiscardingReader()
{
    EventStore store;
    std::vector<std::vector<int64_t>> stampedTimes(kWriters, std::vector<int64_t>(kEventsPerWriter));
    std::atomic<uint32_t> writersDone { 0 };
    std::thread reader([&] { readAndDiscard(store, writersDone); });
    std::vector<std::thread> writers;
    for (uint32_t worker = 0; worker < kWriters; ++worker) {
        writers.emplace_back([&, worker] {
            writeEvents(store, worker, stampedTimes[worker]);
            writersDone.fetch_add(1, std::memory_order_release);
        });
    }
    for (std::thread &writer : writers)
        writer.join();
    reader.join();
}

// With a budget of three blocks in memory, older blocks spill to a file while readers follow the writers and another
// reads far behind them, where blocks leave memory under it: every event intact, in place, with its time.
void runWhileBlocksSpill()
{
    EventStore store;
    store.setMemoryBudgetBlocks(3);
    std::vector<std::vector<int64_t>> stampedTimes(kWriters, std::vector<int64_t>(kEventsPerWriter));
    std::atomic<uint32_t> writersDone { 0 };
    std::vector<std::thread> readers;
    readers.emplace_back([&] { readEvents(store, writersDone, 0); });
    readers.emplace_back([&] {
        size_t step = 0;
        followWriters(store, writersDone, [&](size_t, size_t visible) {
            // Behind the writers by one to four blocks: just where blocks are being spilled and freed.
            ++step;
            const size_t behind = EventStore::kBlockSize * (1 + step % 4) + step % 977;
            if (visible <= behind)
                return true;
            const size_t index = visible - behind;
            const StoredEvent event = store.read(index);
            if (!isIntact(event)) {
                fail("back reader: event %zu is corrupt (worker %u, sequence %u)", index, event.worker,
                    event.incarnation);
                return false;
            }
            return true;
        });
    });
    std::vector<std::thread> writers;
    for (uint32_t worker = 0; worker < kWriters; ++worker) {
        writers.emplace_back([&, worker] {
            writeEvents(store, worker, stampedTimes[worker]);
            writersDone.fetch_add(1, std::memory_order_release);
        });
    }
    for (std::thread &writer : writers)
        writer.join();
    for (std::thread &reader : readers)
        reader.join();
    verifyFinalStore(store, stampedTimes);
    const EventStore::Status status = store.status();
    if (status.spilled < kTotalEvents - 4 * EventStore::kBlockSize || status.inMemory > 3 * EventStore::kBlockSize)
        fail("spilling: %zu events spilled, %zu in memory", status.spilled, status.inMemory);
}

} // namespace

int main()
{
    EventStore store;
    std::vector<std::vector<int64_t>> stampedTimes(kWriters, std::vector<int64_t>(kEventsPerWriter));
    std::atomic<uint32_t> writersDone { 0 };

    std::vector<std::thread> readers;
    for (uint32_t reader = 0; reader < kReaders; ++reader)
        readers.emplace_back([&, reader] { readEvents(store, writersDone, reader); });
    std::vector<std::thread> writers;
    for (uint32_t worker = 0; worker < kWriters; ++worker) {
        writers.emplace_back([&, worker] {
            writeEvents(store, worker, stampedTimes[worker]);
            writersDone.fetch_add(1, std::memory_order_release);
        });
    }
    for (std::thread &writer : writers)
        writer.join();
    for (std::thread &reader : readers)
        reader.join();

    verifyFinalStore(store, stampedTimes);
    runWithDiscardingReader();
    runWhileBlocksSpill();
    if (g_failed.load())
        return 1;
    std::printf("%zu events, %u writers, %u readers; then with one reader discarding as it goes; then with blocks "
                "spilling to disk under two readers\n",
        kTotalEvents, kWriters, kReaders);
    return 0;
}
