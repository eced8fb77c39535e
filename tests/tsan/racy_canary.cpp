// Deliberately racy: two threads increment a plain int without synchronisation. run.sh requires
// ThreadSanitizer to report this race; if it does not, the TSan job cannot be trusted to catch real ones.

#include <cstdio>
#include <thread>

namespace {

constexpr int kIncrements = 300'000;

int g_counter = 0;

void increment()
{
    for (int i = 0; i < kIncrements; ++i) {
        ++g_counter;
        // Compiler barrier: keeps one load and store per iteration instead of a single folded addition.
        asm volatile("" ::: "memory");
    }
}

} // namespace

int main()
{
    std::thread first(increment);
    std::thread second(increment);
    first.join();
    second.join();
    // Printed so the counter is used; lost updates may make it less than 2 * kIncrements.
    std::printf("counter %d of %d\n", g_counter, 2 * kIncrements);
    return 0;
}
