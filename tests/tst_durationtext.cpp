#include "teaching/durationtext.h"

#include <QLocale>
#include <QTest>

using namespace SupervisorLab;
using namespace Qt::StringLiterals;

class TestDurationText : public QObject
{
    Q_OBJECT

private slots:
    void durationsReadAsTyped_data();
    void durationsReadAsTyped();
    void secondsHaveOneDecimal();
    void germanUsesADecimalComma();
};

void TestDurationText::durationsReadAsTyped_data()
{
    QTest::addColumn<qint64>("ms");
    QTest::addColumn<QString>("text");
    QTest::newRow("milliseconds") << qint64(250) << u"250 ms"_s;
    QTest::newRow("tenths of a second") << qint64(1500) << u"1.5 s"_s;
    QTest::newRow("whole seconds") << qint64(60'000) << u"60 s"_s;
    QTest::newRow("not a whole tenth") << qint64(1234) << u"1234 ms"_s;
}

void TestDurationText::durationsReadAsTyped()
{
    QFETCH(qint64, ms);
    QFETCH(QString, text);
    QCOMPARE(durationText(ms), text);
}

void TestDurationText::secondsHaveOneDecimal()
{
    QCOMPARE(secondsText(3'000'000), u"3.0 s"_s);
    QCOMPARE(secondsText(33'480'000), u"33.5 s"_s);
}

void TestDurationText::germanUsesADecimalComma()
{
    const QLocale before;
    QLocale::setDefault(QLocale(QLocale::German));
    const QString seconds = durationText(1500);
    const QString measured = secondsText(3'000'000);
    const QString milliseconds = durationText(12'345);
    QLocale::setDefault(before);
    QCOMPARE(seconds, u"1,5 s"_s);
    QCOMPARE(measured, u"3,0 s"_s);
    QCOMPARE(milliseconds, u"12345 ms"_s); // no group separator: it reads as typed
    QCOMPARE(durationText(1500), u"1.5 s"_s);
}

QTEST_GUILESS_MAIN(TestDurationText)
#include "tst_durationtext.moc"
