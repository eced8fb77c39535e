#include "policy/parameterspec.h"
#include "policy/supervisorconfig.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace SupervisorLab;
using namespace Qt::StringLiterals;

class TestSupervisorConfig : public QObject
{
    Q_OBJECT

private slots:
    void acceptsValidValues_data();
    void acceptsValidValues();
    void rejectsBadValues_data();
    void rejectsBadValues();
    void aRejectedValueChangesNothing();
    void crossFieldRules_data();
    void crossFieldRules();
    void restartListAssignsTypesPerWorker();
    void jsonRoundTripsEveryParameter();
    void jsonNamesTheBadKey();
    void everyParameterHasACanonicalValue();
};

void TestSupervisorConfig::acceptsValidValues_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("canonical");
    QTest::newRow("rate") << u"failure_rate"_s << u"0.25"_s << u"0.25"_s;
    QTest::newRow("rate 0") << u"failure_rate"_s << u"0"_s << u"0"_s;
    QTest::newRow("rate 1") << u"failure_rate"_s << u"1"_s << u"1"_s;
    QTest::newRow("rate shortest form") << u"failure_rate"_s << u"0.30000"_s << u"0.3"_s;
    QTest::newRow("time") << u"delay"_s << u"750"_s << u"750"_s;
    QTest::newRow("time zero") << u"delay"_s << u"0"_s << u"0"_s;
    QTest::newRow("strategy") << u"strategy"_s << u"rest-for-one"_s << u"rest-for-one"_s;
    QTest::newRow("jitter") << u"jitter"_s << u"decorrelated"_s << u"decorrelated"_s;
    QTest::newRow("restart list") << u"restart"_s << u"permanent, transient,temporary"_s
                                  << u"permanent,transient,temporary"_s;
    QTest::newRow("unlimited") << u"max_restarts"_s << u"unlimited"_s << u"unlimited"_s;
    QTest::newRow("zero restarts") << u"max_restarts"_s << u"0"_s << u"0"_s;
    QTest::newRow("factor") << u"backoff_factor"_s << u"1.5"_s << u"1.5"_s;
    QTest::newRow("largest seed") << u"seed"_s << u"9007199254740991"_s << u"9007199254740991"_s;
    QTest::newRow("flag") << u"virtual_time"_s << u"1"_s << u"true"_s;
    QTest::newRow("workers") << u"workers"_s << u"64"_s << u"64"_s;
}

void TestSupervisorConfig::acceptsValidValues()
{
    QFETCH(QString, key);
    QFETCH(QString, input);
    QFETCH(QString, canonical);
    SupervisorConfig config;
    QCOMPARE(config.setValue(key, input), QString());
    QCOMPARE(config.valueText(key), canonical);
}

void TestSupervisorConfig::rejectsBadValues_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("complaint");
    QTest::newRow("rate above 1") << u"failure_rate"_s << u"1.5"_s << u"between 0 and 1, got 1.5"_s;
    QTest::newRow("rate below 0") << u"failure_rate"_s << u"-0.1"_s << u"between 0 and 1"_s;
    QTest::newRow("rate not a number") << u"failure_rate"_s << u"often"_s << u"expects a number"_s;
    QTest::newRow("rate nan") << u"failure_rate"_s << u"nan"_s << u"expects a number"_s;
    QTest::newRow("negative time") << u"delay"_s << u"-5"_s << u"must not be negative"_s;
    QTest::newRow("fractional time") << u"delay"_s << u"2.5"_s << u"whole number"_s;
    QTest::newRow("huge time") << u"duration"_s << u"99999999999999"_s << u"at most"_s;
    QTest::newRow("zero window") << u"within"_s << u"0"_s << u"at least 1"_s;
    QTest::newRow("no workers") << u"workers"_s << u"0"_s << u"at least 1"_s;
    QTest::newRow("too many workers") << u"workers"_s << u"5000"_s << u"at most 1024"_s;
    QTest::newRow("unknown strategy") << u"strategy"_s << u"all-for-one"_s << u"one-for-one, one-for-all"_s;
    QTest::newRow("bad restart in list") << u"restart"_s << u"permanent,sometimes"_s << u"'sometimes'"_s;
    QTest::newRow("factor below 1") << u"backoff_factor"_s << u"0.5"_s << u"between 1 and"_s;
    QTest::newRow("seed too large") << u"seed"_s << u"9007199254740992"_s << u"at most"_s;
    QTest::newRow("negative seed") << u"seed"_s << u"-1"_s << u"whole number from 0"_s;
    QTest::newRow("limit word") << u"max_restarts"_s << u"many"_s << u"'unlimited'"_s;
    QTest::newRow("flag word") << u"virtual_time"_s << u"maybe"_s << u"true or false"_s;
    QTest::newRow("unknown key") << u"colour"_s << u"red"_s << u"not a parameter"_s;
}

void TestSupervisorConfig::rejectsBadValues()
{
    QFETCH(QString, key);
    QFETCH(QString, input);
    QFETCH(QString, complaint);
    SupervisorConfig config;
    const QString error = config.setValue(key, input);
    QVERIFY2(error.contains(complaint), qPrintable(error));
}

void TestSupervisorConfig::aRejectedValueChangesNothing()
{
    SupervisorConfig config;
    const SupervisorConfig before = config;
    QVERIFY(!config.setValue(u"restart"_s, u"permanent,bogus"_s).isEmpty());
    QVERIFY(!config.setValue(u"failure_rate"_s, u"2"_s).isEmpty());
    QCOMPARE(config, before);
}

void TestSupervisorConfig::crossFieldRules_data()
{
    QTest::addColumn<QStringList>("settings");
    QTest::addColumn<QString>("complaint");
    QTest::newRow("defaults") << QStringList {} << QString();
    QTest::newRow("work range inverted") << QStringList { u"work_min=900"_s, u"work_max=100"_s }
                                         << u"work_min (900 ms) is above work_max (100 ms)"_s;
    QTest::newRow("cap below base") << QStringList { u"backoff=exponential"_s, u"delay=500"_s, u"max_delay=100"_s }
                                    << u"max_delay (100 ms) is below delay (500 ms)"_s;
    QTest::newRow("cap below base is fine when fixed")
        << QStringList { u"delay=500"_s, u"max_delay=100"_s } << QString();
    QTest::newRow("endless virtual run") << QStringList { u"virtual_time=true"_s, u"duration=0"_s }
                                         << u"a virtual-time run needs a duration above 0"_s;
}

void TestSupervisorConfig::crossFieldRules()
{
    QFETCH(QStringList, settings);
    QFETCH(QString, complaint);
    SupervisorConfig config;
    for (const QString &setting : settings) {
        const auto parts = setting.split(u'=');
        QCOMPARE(config.setValue(parts.at(0), parts.at(1)), QString());
    }
    QCOMPARE(config.validate(), complaint);
}

void TestSupervisorConfig::restartListAssignsTypesPerWorker()
{
    SupervisorConfig config;
    QCOMPARE(config.setValue(u"restart"_s, u"transient,temporary"_s), QString());
    QCOMPARE(config.restartTypeOf(0), RestartType::Transient);
    QCOMPARE(config.restartTypeOf(1), RestartType::Temporary);
    QCOMPARE(config.restartTypeOf(7), RestartType::Temporary); // the last one repeats
}

void TestSupervisorConfig::jsonRoundTripsEveryParameter()
{
    SupervisorConfig config;
    const QStringList settings { u"workers=5"_s, u"failure_rate=0.35"_s, u"work_min=10"_s, u"work_max=20"_s,
        u"delay=30"_s, u"strategy=one-for-all"_s, u"restart=transient,permanent"_s, u"backoff=exponential"_s,
        u"backoff_factor=1.7"_s, u"max_delay=40"_s, u"jitter=equal"_s, u"reset_after=50"_s, u"max_restarts=6"_s,
        u"within=70"_s, u"heartbeat_timeout=80"_s, u"failure_mode=mixed"_s, u"shutdown_timeout=90"_s,
        u"breaker_threshold=4"_s, u"breaker_window=110"_s, u"breaker_cooldown=120"_s, u"duration=130"_s, u"seed=140"_s,
        u"virtual_time=true"_s };
    for (const QString &setting : settings) {
        const auto parts = setting.split(u'=');
        QCOMPARE(config.setValue(parts.at(0), parts.at(1)), QString());
    }
    const QJsonObject json = config.toJson();
    QCOMPARE(json.size(), parameterSpecs().size());
    QCOMPARE(json.value(u"failure_rate"_s).toDouble(), 0.35);
    QCOMPARE(json.value(u"strategy"_s).toString(), u"one-for-all"_s);
    QCOMPARE(json.value(u"max_restarts"_s).toInteger(), 6);
    QCOMPARE(json.value(u"virtual_time"_s).toBool(), true);

    SupervisorConfig restored;
    QCOMPARE(restored.applyJson(json), QString());
    QCOMPARE(restored, config);
}

void TestSupervisorConfig::jsonNamesTheBadKey()
{
    SupervisorConfig config;
    QCOMPARE(config.applyJson(QJsonObject { { u"wokers"_s, 3 } }), u"unknown parameter 'wokers'"_s);
    QVERIFY(config.applyJson(QJsonObject { { u"delay"_s, -1 } }).startsWith(u"delay: must not be negative"_s));
    QVERIFY(config.applyJson(QJsonObject { { u"delay"_s, QJsonArray {} } }).startsWith(u"delay:"_s));
    QCOMPARE(config, SupervisorConfig());
}

void TestSupervisorConfig::everyParameterHasACanonicalValue()
{
    const SupervisorConfig config;
    for (const ParameterSpec &spec : parameterSpecs()) {
        const QString text = config.valueText(spec.key);
        QVERIFY2(!text.isEmpty(), qPrintable(spec.key));
        SupervisorConfig copy = config;
        QCOMPARE(copy.setValue(spec.key, text), QString());
        QCOMPARE(copy, config);
        QVERIFY(!spec.optionName().contains(u'_'));
    }
}

QTEST_GUILESS_MAIN(TestSupervisorConfig)
#include "tst_supervisorconfig.moc"
