#pragma once

namespace zt::api {

// Registers the zh-CN/en texts of the services' message keys with the problem renderer.
void RegisterServiceMessages();

}  // namespace zt::api
