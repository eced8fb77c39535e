#pragma once

#include <QRect>
#include <QSize>

namespace SupervisorLab {

// Where the window opens on a screen it has not been on before: roomy where the screen is, maximized where it is
// not (the window manager then fits the frame and the panels share what there is), with side panels narrower on a
// narrow screen and stacked as tabs on a low one, so that the timeline keeps most of the room.
struct WindowPlacement
{
    static constexpr QSize kRoomySize { 1440, 900 };
    // What a window manager's frame and title bar take around the window, at most, on the desktops we know.
    static constexpr QSize kFrameAllowance { 16, 48 };
    // Below this height the left panels share one place as tabs, and so do the right ones.
    static constexpr int kLowScreenHeight = 820;

    QSize size; // the window's own size, without its frame; the size it returns to when no longer maximized
    bool maximized = false;
    bool stackedPanels = false; // tabs instead of panels above one another
    int leftPanelWidth = 320;
    int rightPanelWidth = 380;

    static WindowPlacement forScreen(const QRect &available);
    // Whether a window whose frame is `frame` is wholly on the screen area `available`.
    static bool fits(const QRect &frame, const QRect &available) { return available.contains(frame); }
};

} // namespace SupervisorLab
