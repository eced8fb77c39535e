#pragma once

#include "teaching/teachingwarnings.h"

#include <QWidget>

class QLabel;
class QVBoxLayout;

namespace SupervisorLab {

// The teaching warnings that hold right now, above the timeline: one line each, flapping workers together in one;
// hidden while there are none.
class WarningBar : public QWidget
{
    Q_OBJECT

public:
    explicit WarningBar(QWidget *parent = nullptr);

    void setWarnings(const QList<TeachingWarning> &warnings);
    QStringList texts() const;

private:
    QVBoxLayout *m_layout;
    QList<QLabel *> m_lines;
};

} // namespace SupervisorLab
