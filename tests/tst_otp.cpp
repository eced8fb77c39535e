#include "runtime/virtualruntime.h"
#include "testsettings.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace SupervisorLab;
using namespace Qt::StringLiterals;

namespace {

// One comparison: a tree, and what happens to its workers, one thing at a time.
struct OtpCase
{
    QString label;
    QJsonObject tree; // the lab's tree form
    QString erlangTree; // the same tree as tests/otp/supervise.escript reads it
    QStringList workers; // the workers' names, numbered as the lab numbers them
    QList<std::pair<bool, QString>> actions; // (fails, worker): a failure, else a normal completion
};

const QStringList kStrategies { u"one-for-one"_s, u"one-for-all"_s, u"rest-for-one"_s };
const QStringList kRestarts { u"permanent"_s, u"transient"_s, u"temporary"_s };

QString erlangWord(const QString &word)
{
    return QString(word).replace(u'-', u'_');
}

// A random tree of up to three levels, each supervisor with its own strategy and intensity, each child with its own
// restart type. Names are Erlang atoms: s1, s2, ... and w1, w2, ...
std::pair<QJsonObject, QString> randomNode(QRandomGenerator &random, int depth, int *supervisors, QStringList *workers)
{
    const bool supervisor = depth == 1 || (depth < 3 && random.bounded(3) == 0);
    const QString restart = depth == 1 ? u"permanent"_s : kRestarts.at(random.bounded(3));
    if (!supervisor) {
        const QString name = u"w%1"_s.arg(workers->size() + 1);
        workers->append(name);
        return { QJsonObject { { u"name"_s, name }, { u"restart"_s, restart } },
            u"{worker, %1, %2}"_s.arg(name, restart) };
    }
    const QString name = u"s%1"_s.arg(++*supervisors);
    const QString strategy = kStrategies.at(random.bounded(3));
    const int maxRestarts = random.bounded(0, 3);
    QJsonArray children;
    QStringList erlangChildren;
    for (int child = random.bounded(1, 4); child > 0; --child) {
        const auto [json, erlang] = randomNode(random, depth + 1, supervisors, workers);
        children.append(json);
        erlangChildren << erlang;
    }
    QJsonObject node { { u"name"_s, name }, { u"strategy"_s, strategy }, { u"max_restarts"_s, maxRestarts },
        { u"within"_s, 3'600'000 }, { u"children"_s, children } };
    if (depth > 1)
        node.insert(u"restart"_s, restart);
    return { node,
        u"{sup, %1, %2, %3, %4, [%5]}"_s.arg(name, erlangWord(strategy))
            .arg(maxRestarts)
            .arg(restart, erlangChildren.join(u", "_s)) };
}

QList<OtpCase> randomCases(int count)
{
    QRandomGenerator random(20261207);
    QList<OtpCase> cases;
    for (int i = 0; i < count; ++i) {
        OtpCase otp;
        otp.label = u"random-%1"_s.arg(i + 1);
        int supervisors = 0;
        const auto [tree, erlang] = randomNode(random, 1, &supervisors, &otp.workers);
        otp.tree = tree;
        otp.erlangTree = erlang;
        for (int action = 0; action < 8; ++action)
            otp.actions.append({ random.bounded(3) != 0, otp.workers.at(random.bounded(int(otp.workers.size()))) });
        cases.append(otp);
    }
    return cases;
}

// What the lab does with the case, in the script's words: "start NAME" for a worker or supervisor started, "stop NAME"
// for a worker asked to stop; the run stops after the last action, as the script shuts its root down.
QStringList labRun(const OtpCase &otp)
{
    SupervisorConfig config = withSettings(SupervisorConfig(),
        { u"failure_rate=0"_s, u"work_min=3600000"_s, u"work_max=3600000"_s, u"heartbeat_timeout=0"_s, u"delay=0"_s,
            u"virtual_time=true"_s, u"duration=%1"_s.arg((otp.actions.size() + 1) * 1000) });
    if (const QString problem = config.applyJson({ { u"tree"_s, otp.tree } }); !problem.isEmpty())
        qFatal("the case's tree is refused: %s", qPrintable(problem));
    VirtualRuntime runtime(config);
    runtime.runUntil(500'000);
    for (qsizetype i = 0; i < otp.actions.size(); ++i) {
        const auto &[fails, worker] = otp.actions.at(i);
        runtime.endWorker(int(otp.workers.indexOf(worker)), fails ? ExitKind::Failed : ExitKind::Completed);
        runtime.runUntil((i + 1) * 1'000'000 + 500'000);
    }
    runtime.run();
    QStringList lines;
    for (const LifecycleEvent &event : runtime.log()->events()) {
        if (event.kind == EventKind::SupervisorStarted)
            lines << u"start "_s + config.supervisorName(event.supervisorIndex);
        else if (event.kind == EventKind::WorkerStarted)
            lines << u"start "_s + config.workerName(event.worker);
        else if (event.kind == EventKind::WorkerStopping)
            lines << u"stop "_s + config.workerName(event.worker);
    }
    return lines;
}

} // namespace

// The lab's decisions against a real Erlang/OTP supervisor's (tests/otp/supervise.escript runs the same trees on
// OTP's supervisor module): over random trees of up to three levels with every strategy, intensity and restart type,
// and random failures and completions, both start and stop the same children in the same order, through group
// restarts, escalations, give-ups of the root and the shutdown.
class TestOtp : public QObject
{
    Q_OBJECT

private slots:
    void decisionsMatchARealOtpSupervisor();
};

void TestOtp::decisionsMatchARealOtpSupervisor()
{
    const QString escript = QStandardPaths::findExecutable(u"escript"_s);
    if (escript.isEmpty())
        QSKIP("escript (Debian package erlang-nox) is not installed: the comparison with OTP needs it");
    const QList<OtpCase> cases = randomCases(60);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile input(dir.filePath(u"cases.terms"_s));
    QVERIFY(input.open(QIODevice::WriteOnly));
    for (const OtpCase &otp : cases) {
        QStringList actions;
        for (const auto &[fails, worker] : otp.actions)
            actions << u"{%1, %2}"_s.arg(fails ? u"fail"_s : u"complete"_s, worker);
        input.write(u"{'case', \"%1\", %2, [%3]}.\n"_s.arg(otp.label, otp.erlangTree, actions.join(u", "_s)).toUtf8());
    }
    input.close();

    QProcess erlang;
    erlang.start(
        escript, { QStringLiteral(SUPERVISOR_LAB_SOURCE_DIR) + u"/tests/otp/supervise.escript"_s, input.fileName() });
    QVERIFY2(erlang.waitForFinished(300'000), "OTP did not finish");
    QVERIFY2(erlang.exitStatus() == QProcess::NormalExit && erlang.exitCode() == 0,
        qPrintable(QString::fromUtf8(erlang.readAllStandardError())));
    QHash<QString, QStringList> otpLines;
    QString current;
    for (const QString &line : QString::fromUtf8(erlang.readAllStandardOutput()).split(u'\n', Qt::SkipEmptyParts)) {
        if (line.startsWith(u"case "))
            current = line.mid(5);
        else if (line != u"end")
            otpLines[current] << line;
    }

    int escalations = 0;
    for (const OtpCase &otp : cases) {
        const QStringList lab = labRun(otp);
        const QStringList real = otpLines.value(otp.label);
        QVERIFY2(!real.isEmpty(), qPrintable(otp.label + u": OTP printed nothing"_s));
        for (qsizetype i = 0; i < std::max(lab.size(), real.size()); ++i) {
            if (lab.value(i) != real.value(i)) {
                QFAIL(qPrintable(
                    u"%1: %2\nfrom line %3, OTP: %4\nthe lab: %5"_s
                        .arg(otp.label, QString::fromUtf8(QJsonDocument(otp.tree).toJson(QJsonDocument::Compact)))
                        .arg(i + 1)
                        .arg(real.mid(i, 6).join(u"; "_s), lab.mid(i, 6).join(u"; "_s))));
            }
        }
        escalations += int(std::count_if(real.begin(), real.end(), [](const QString &line) {
            return line.startsWith(u"start s") && line != u"start s1";
        })) > 1;
    }
    QVERIFY(escalations > 5); // nested supervisors were restarted: the cases reach past one level
}

QTEST_GUILESS_MAIN(TestOtp)
#include "tst_otp.moc"
