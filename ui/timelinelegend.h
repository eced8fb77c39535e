#pragma once

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

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    // Lays the entries out for `width`; returns the height used, and paints them when given a painter.
    int layOut(int width, QPainter *painter) const;
};

} // namespace SupervisorLab
