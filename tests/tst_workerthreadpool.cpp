#include "workerthreadpool.h"

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
};

void TestWorkerThreadPool::tasksRunOnNamedThreadsOfTheirOwn()
{
    WorkerThreadPool pool;
    QSemaphore done;
    QThread *ranOn = nullptr;
    QString name;
    pool.run([&] {
        ranOn = QThread::currentThread();
        name = ranOn->objectName();
        done.release();
    });
    QVERIFY(done.tryAcquire(1, 20'000));
    QVERIFY(ranOn != nullptr);
    QVERIFY(ranOn != QThread::currentThread());
    QCOMPARE(name, u"worker-thread-0"_s);
}

void TestWorkerThreadPool::anIdleThreadIsReused()
{
    WorkerThreadPool pool;
    std::mutex mutex;
    std::set<QThread *> threads;
    for (int task = 0; task < 20; ++task) {
        QSemaphore done;
        pool.run([&] {
            {
                std::lock_guard lock(mutex);
                threads.insert(QThread::currentThread());
            }
            done.release();
        });
        QVERIFY(done.tryAcquire(1, 20'000));
        // The task has run; its thread is offered again once the task has let go of what it holds.
        QTRY_COMPARE(pool.idleCount(), 1);
    }
    QCOMPARE(pool.threadCount(), 1);
    QCOMPARE(threads.size(), size_t(1));
}

void TestWorkerThreadPool::aTaskThatNeverReturnsDoesNotBlockTheNext()
{
    WorkerThreadPool pool;
    QSemaphore release;
    QSemaphore started;
    pool.run([&] {
        started.release();
        release.acquire(); // holds its thread until the test lets it go, like a hung worker
    });
    QVERIFY(started.tryAcquire(1, 20'000));
    QSemaphore done;
    pool.run([&] { done.release(); });
    QVERIFY(done.tryAcquire(1, 20'000));
    QCOMPARE(pool.threadCount(), 2);
    release.release();
    QTRY_COMPARE(pool.idleCount(), 2);
}

void TestWorkerThreadPool::shutDownJoinsEveryThread()
{
    WorkerThreadPool pool;
    std::atomic<int> finished { 0 };
    QSemaphore started;
    QSemaphore release;
    for (int task = 0; task < 4; ++task) {
        pool.run([&] {
            started.release();
            release.acquire();
            ++finished;
        });
    }
    QVERIFY(started.tryAcquire(4, 20'000));
    QCOMPARE(pool.threadCount(), 4);
    release.release(4);
    pool.shutDown(); // returns once every thread has ended: every task has finished by then
    QCOMPARE(finished.load(), 4);
    QCOMPARE(pool.threadCount(), 0);
    QCOMPARE(pool.idleCount(), 0);
}

QTEST_GUILESS_MAIN(TestWorkerThreadPool)
#include "tst_workerthreadpool.moc"
