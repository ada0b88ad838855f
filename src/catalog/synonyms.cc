// The everyday names people type into the catalogue search and the formal terms the item
// names use. Source: everyday usage (how citizens and window staff say these things), not
// an official list; extend it here, one row per everyday name and formal term.
#include <array>

#include "zt/catalog/search.h"

namespace zt::catalog {
namespace {

constexpr std::array<Synonym, 28> kSynonyms{{
    {"社保", "社会保障卡"},
    {"社保", "社会保险"},
    {"医保", "医疗保险"},
    {"医保", "医疗保障"},
    {"户口", "户籍"},
    {"户口", "户口迁移"},
    {"落户", "户籍"},
    {"营业执照", "企业设立登记"},
    {"营业执照", "个体工商户登记"},
    {"开公司", "企业设立登记"},
    {"公积金", "住房公积金"},
    {"驾照", "机动车驾驶证"},
    {"驾驶证", "机动车驾驶证"},
    {"行驶证", "机动车行驶证"},
    {"身份证", "居民身份证"},
    {"护照", "普通护照"},
    {"港澳通行证", "往来港澳通行证"},
    {"结婚证", "结婚登记"},
    {"离婚", "离婚登记"},
    {"出生证", "出生医学证明"},
    {"低保", "最低生活保障"},
    {"退休", "退休审批"},
    {"养老金", "基本养老保险"},
    {"房产证", "不动产权证书"},
    {"房产证", "不动产登记"},
    {"食品许可", "食品经营许可"},
    {"卫生许可证", "公共场所卫生许可"},
    {"居住证", "居住证申领"},
}};

}  // namespace

std::span<const Synonym> EverydaySynonyms() { return kSynonyms; }

}  // namespace zt::catalog
