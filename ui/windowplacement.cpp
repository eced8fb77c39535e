#include "windowplacement.h"

#include <algorithm>

namespace SupervisorLab {

WindowPlacement WindowPlacement::forScreen(const QRect &available)
{
    WindowPlacement placement;
    const QSize room = available.size() - kFrameAllowance;
    placement.maximized = room.width() < kRoomySize.width() || room.height() < kRoomySize.height();
    placement.size = kRoomySize.boundedTo(room);
    placement.stackedPanels = available.height() < kLowScreenHeight;
    // About a quarter of the width for each side, within what their panels need and what the roomy window gives.
    placement.leftPanelWidth = std::clamp(available.width() * 22 / 100, 240, 320);
    placement.rightPanelWidth = std::clamp(available.width() * 26 / 100, 270, 380);
    return placement;
}

} // namespace SupervisorLab
