#pragma once

#include <QStringList>
#include <QWidget>

namespace SupervisorLab {

// What each colour and mark of the timeline means, drawn with the timeline's own glyphs; wraps to the width.
class TimelineLegend : public QWidget
{
    Q_OBJECT

public:
    explicit TimelineLegend(QWidget *parent = nullptr);

    QSize sizeHint() const override;
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;

    // The entries' labels, in order: the states' colours, then what has no colour of its own ("silent (hung)").
    static QStringList labels();

    // Lays the entries out for `width`; returns the height used, and paints them when given a painter. Pictures
    // of the timeline draw their legend with it too.
    static int layOut(int width, QPainter *painter, const QPalette &colors, const QFont &font);

protected:
    void paintEvent(QPaintEvent *event) override;
};

} // namespace SupervisorLab
