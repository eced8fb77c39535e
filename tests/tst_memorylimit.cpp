#include "runtime/memorylimit.h"

#include <QFile>
#include <QTest>

#include <sys/resource.h>
#include <unistd.h>

using namespace SupervisorLab;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 kMB = qint64(1) << 20;
constexpr qint64 kGB = qint64(1) << 30;

// A field of /proc/self/status in bytes.
qint64 statusBytes(QByteArrayView field)
{
    QFile status(u"/proc/self/status"_s);
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(field) && line.at(field.size()) == ':')
            return line.mid(field.size() + 1).trimmed().split(' ').value(0).toLongLong() * 1024;
    }
    return 0;
}

// Lowers a resource's soft limit to `bytes` while it lives; the soft limit may always go back up to the hard one.
class LoweredLimit
{
public:
    LoweredLimit(int resource, qint64 bytes)
        : m_resource(resource)
    {
        getrlimit(resource, &m_saved);
        rlimit lowered = m_saved;
        lowered.rlim_cur = rlim_t(bytes);
        m_inForce = setrlimit(resource, &lowered) == 0;
    }
    ~LoweredLimit()
    {
        if (m_inForce)
            setrlimit(m_resource, &m_saved);
    }
    LoweredLimit(const LoweredLimit &) = delete;
    LoweredLimit &operator=(const LoweredLimit &) = delete;

    bool isInForce() const { return m_inForce; }

private:
    int m_resource;
    rlimit m_saved {};
    bool m_inForce = false;
};

} // namespace

class TestMemoryLimit : public QObject
{
    Q_OBJECT

private slots:
    void defaultIsHalfOfTheLeast_data();
    void defaultIsHalfOfTheLeast();
    void readsTheMachinesMemory();
    void readsWhatTheProcessLimitsLeave_data();
    void readsWhatTheProcessLimitsLeave();
    void isSetForTheWholeProcess();
    void speaksInMegabytesAndGigabytes_data();
    void speaksInMegabytesAndGigabytes();
};

void TestMemoryLimit::defaultIsHalfOfTheLeast_data()
{
    QTest::addColumn<qint64>("physical");
    QTest::addColumn<qint64>("addressSpace");
    QTest::addColumn<qint64>("data");
    QTest::addColumn<qint64>("cgroup");
    QTest::addColumn<qint64>("expected");
    QTest::newRow("nothing known") << 0LL << 0LL << 0LL << 0LL << 0LL;
    QTest::newRow("the machine alone") << 24 * kGB << 0LL << 0LL << 0LL << 12 * kGB;
    QTest::newRow("ulimit -v below the machine") << 24 * kGB << 600 * kMB << 0LL << 0LL << 300 * kMB;
    QTest::newRow("ulimit -d below the machine") << 24 * kGB << 0LL << 400 * kMB << 0LL << 200 * kMB;
    QTest::newRow("a cgroup's limit") << 24 * kGB << 0LL << 0LL << 2 * kGB << 1 * kGB;
    QTest::newRow("the least of all") << 8 * kGB << 3 * kGB << 5 * kGB << 1 * kGB << 512 * kMB;
    QTest::newRow("a limit above the machine") << 4 * kGB << 64 * kGB << 0LL << 0LL << 2 * kGB;
}

void TestMemoryLimit::defaultIsHalfOfTheLeast()
{
    QFETCH(qint64, physical);
    QFETCH(qint64, addressSpace);
    QFETCH(qint64, data);
    QFETCH(qint64, cgroup);
    QFETCH(qint64, expected);
    QCOMPARE(MemoryLimit::defaultBytes({ physical, addressSpace, data, cgroup }), expected);
}

void TestMemoryLimit::readsTheMachinesMemory()
{
    // /proc/meminfo's MemTotal and sysconf count the same pages.
    QCOMPARE(MemoryLimit::readSystem().physicalBytes, qint64(sysconf(_SC_PHYS_PAGES)) * sysconf(_SC_PAGESIZE));
}

void TestMemoryLimit::readsWhatTheProcessLimitsLeave_data()
{
    QTest::addColumn<int>("resource");
    QTest::addColumn<QByteArray>("usedField");
    QTest::newRow("ulimit -v") << int(RLIMIT_AS) << QByteArray("VmSize");
    QTest::newRow("ulimit -d") << int(RLIMIT_DATA) << QByteArray("VmData");
}

void TestMemoryLimit::readsWhatTheProcessLimitsLeave()
{
    QFETCH(int, resource);
    QFETCH(QByteArray, usedField);
    const auto left = [&](const MemoryLimit::System &system) {
        return resource == RLIMIT_AS ? system.addressSpaceLeft : system.dataLeft;
    };
    const qint64 unlimited = left(MemoryLimit::readSystem());
    // A gigabyte beyond what the process uses already, for the moment of reading (a sanitizer's reserved
    // terabytes included).
    const qint64 used = statusBytes(usedField);
    QVERIFY(used > 0);
    MemoryLimit::System limited;
    {
        const LoweredLimit lowered(resource, used + kGB);
        if (!lowered.isInForce())
            QSKIP("this process's limits cannot be lowered here");
        limited = MemoryLimit::readSystem();
    }
    // Between the two readings of the use, the process may have grown or shrunk a little.
    QVERIFY2(
        left(limited) > kGB - 64 * kMB && left(limited) <= kGB + 64 * kMB, qPrintable(QString::number(left(limited))));
    QVERIFY(unlimited == 0 || unlimited > left(limited));
    QCOMPARE(MemoryLimit::defaultBytes(limited), std::min(left(limited), limited.physicalBytes) / 2);
}

void TestMemoryLimit::isSetForTheWholeProcess()
{
    QCOMPARE(MemoryLimit::bytes(), 0); // no limit until one is set
    MemoryLimit::setBytes(64 * kMB);
    QCOMPARE(MemoryLimit::bytes(), 64 * kMB);
    MemoryLimit::setBytes(-5);
    QCOMPARE(MemoryLimit::bytes(), 0);
}

void TestMemoryLimit::speaksInMegabytesAndGigabytes_data()
{
    QTest::addColumn<qint64>("bytes");
    QTest::addColumn<QString>("text");
    QTest::newRow("kilobytes") << 4096LL << u"4 KB"_s;
    QTest::newRow("megabytes") << 512 * kMB << u"512 MB"_s;
    QTest::newRow("a fraction") << 1536 * kMB << u"1.5 GB"_s;
    QTest::newRow("gigabytes") << 12 * kGB << u"12 GB"_s;
}

void TestMemoryLimit::speaksInMegabytesAndGigabytes()
{
    QFETCH(qint64, bytes);
    QFETCH(QString, text);
    QCOMPARE(MemoryLimit::text(bytes), text);
}

QTEST_GUILESS_MAIN(TestMemoryLimit)
#include "tst_memorylimit.moc"
