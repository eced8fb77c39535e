#include "patience.h"
#include "runtime/workerthreadpool.h"

#include <QDir>
#include <QScopeGuard>
#include <QSemaphore>
#include <QTest>
#include <QThread>

#include <atomic>
#include <mutex>
#include <set>

using namespace SupervisorLab;
using namespace Qt::StringLiterals;

class TestWorkerThreadPool : public QObject
{
    Q_OBJECT

private slots:
    void tasksRunOnNamedThreadsOfTheirOwn();
    void anIdleThreadIsReused();
    void aTaskThatNeverReturnsDoesNotBlockTheNext();
    void shutDownJoinsEveryThread();
    void idleThreadsBeyondTheLimitEnd();
};

namespace {
// Permits that free every task a test may have left blocked: a failed check must not leave the pool unable to join.
constexpr int kEnough = 64;

int threadsInProcess()
{
    return int(QDir(u"/proc/self/task"_s).entryList(QDir::Dirs | QDir::NoDotAndDotDot).size());
}
} // namespace

// Each test declares its pool last, so that the pool joins its threads before anything they touch goes away.

void TestWorkerThreadPool::tasksRunOnNamedThreadsOfTheirOwn()
{
    QSemaphore done;
    QThread *ranOn = nullptr;
    QString name;
    WorkerThreadPool pool;
    pool.run([&] {
        ranOn = QThread::currentThread();
        name = ranOn->objectName();
        done.release();
    });
    QVERIFY(done.tryAcquire(1, kPatienceMs));
    QVERIFY(ranOn != nullptr);
    QVERIFY(ranOn != QThread::currentThread());
    QCOMPARE(name, u"worker-thread-0"_s);
}

void TestWorkerThreadPool::anIdleThreadIsReused()
{
    std::mutex mutex;
    std::set<QThread *> threads;
    QSemaphore done;
    WorkerThreadPool pool;
    for (int task = 0; task < 20; ++task) {
        pool.run([&] {
            {
                std::lock_guard lock(mutex);
                threads.insert(QThread::currentThread());
            }
            done.release();
        });
        QVERIFY(done.tryAcquire(1, kPatienceMs));
        // The task has run; its thread is offered again once the task has let go of what it holds.
        QTRY_COMPARE_WITH_TIMEOUT(pool.idleCount(), 1, kPatienceMs);
    }
    QCOMPARE(pool.threadCount(), 1);
    QCOMPARE(threads.size(), size_t(1));
}

void TestWorkerThreadPool::aTaskThatNeverReturnsDoesNotBlockTheNext()
{
    QSemaphore release;
    QSemaphore started;
    QSemaphore done;
    WorkerThreadPool pool;
    const auto unblock = qScopeGuard([&] { release.release(kEnough); }); // before the pool joins, however we leave
    pool.run([&] {
        started.release();
        release.acquire(); // holds its thread until the test lets it go, like a hung worker
    });
    QVERIFY(started.tryAcquire(1, kPatienceMs));
    pool.run([&] { done.release(); });
    QVERIFY(done.tryAcquire(1, kPatienceMs));
    QCOMPARE(pool.threadCount(), 2);
    release.release();
    QTRY_COMPARE_WITH_TIMEOUT(pool.idleCount(), 2, kPatienceMs);
}

void TestWorkerThreadPool::shutDownJoinsEveryThread()
{
    std::atomic<int> finished { 0 };
    QSemaphore started;
    QSemaphore release;
    WorkerThreadPool pool;
    const auto unblock = qScopeGuard([&] { release.release(kEnough); });
    for (int task = 0; task < 4; ++task) {
        pool.run([&] {
            started.release();
            release.acquire();
            ++finished;
        });
    }
    QVERIFY(started.tryAcquire(4, kPatienceMs));
    QCOMPARE(pool.threadCount(), 4);
    release.release(4);
    pool.shutDown(); // returns once every thread has ended: every task has finished by then
    QCOMPARE(finished.load(), 4);
    QCOMPARE(pool.threadCount(), 0);
    QCOMPARE(pool.idleCount(), 0);
}

void TestWorkerThreadPool::idleThreadsBeyondTheLimitEnd()
{
    const int before = threadsInProcess();
    QSemaphore started;
    QSemaphore release;
    QSemaphore done;
    WorkerThreadPool pool(2);
    const auto unblock = qScopeGuard([&] { release.release(kEnough); });
    for (int task = 0; task < 6; ++task) { // six at once, like workers hung together
        pool.run([&] {
            started.release();
            release.acquire();
        });
    }
    QVERIFY(started.tryAcquire(6, kPatienceMs));
    QCOMPARE(pool.threadCount(), 6);
    release.release(6);
    QTRY_COMPARE_WITH_TIMEOUT(pool.threadCount(), 2, kPatienceMs);
    QCOMPARE(pool.idleCount(), 2);
    pool.run([&] { done.release(); }); // the pool joins the threads that ended as it hands out the next task
    QVERIFY(done.tryAcquire(1, kPatienceMs));
    QCOMPARE(pool.threadCount(), 2);
    QTRY_VERIFY_WITH_TIMEOUT(
        threadsInProcess() <= before + 2, kPatienceMs); // threads of earlier tests may still have been ending before
}

QTEST_GUILESS_MAIN(TestWorkerThreadPool)
#include "tst_workerthreadpool.moc"
