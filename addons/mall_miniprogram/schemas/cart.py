# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field, model_validator

from .catalog import Money
from .common import ApiModel

Quantity = Field(ge=1, le=999)


class ShopRef(BaseModel):
    id: int
    name: str


class CartBundleRef(BaseModel):
    id: int
    name: str
    group: str = Field(description="The lines of one bundle added share it")


class CartLine(BaseModel):
    id: int
    product_id: int
    variant_id: int
    name: str
    variant: str = Field(description="The variant's attribute values, e.g. 红色, M")
    image: str | None
    price: str = Money
    quantity: int
    subtotal: str = Money
    selected: bool
    available: int = Field(description="Units that can still be bought")
    shop: ShopRef | None
    bundle: CartBundleRef | None = Field(
        None,
        description="Part of a bundle: selected and removed with the bundle's "
        "other lines, its quantity changes only with the bundle's",
    )


class Cart(BaseModel):
    currency: str
    lines: list[CartLine]
    selected_quantity: int
    selected_amount: str = Money


class AddLine(ApiModel):
    variant_id: int = Field(ge=1)
    quantity: int = Quantity


class AddBundle(ApiModel):
    bundle_id: int = Field(ge=1)
    quantity: int = Quantity


class UpdateLine(ApiModel):
    quantity: int | None = Field(None, ge=1, le=999)
    variant_id: int | None = Field(None, ge=1, description="Switch to this variant")
    selected: bool | None = None


class SelectLines(ApiModel):
    selected: bool
    line_ids: list[int] | None = Field(None, description="All lines when omitted")


class CartTransaction(ApiModel):
    id: str = Field(min_length=1, max_length=64, description="Client id, unique")
    action: Literal["add", "set", "remove", "select"]
    variant_id: int | None = Field(None, ge=1)
    line_id: int | None = Field(None, ge=1)
    quantity: int | None = Field(None, ge=1, le=999)
    selected: bool | None = None

    @model_validator(mode="after")
    def _complete(self):
        if self.action == "add" and not (self.variant_id and self.quantity):
            raise ValueError("add needs variant_id and quantity")
        if self.action != "add" and not (self.variant_id or self.line_id):
            raise ValueError(f"{self.action} needs variant_id or line_id")
        if self.action == "set" and not self.quantity:
            raise ValueError("set needs quantity")
        if self.action == "select" and self.selected is None:
            raise ValueError("select needs selected")
        return self


class CartSync(ApiModel):
    transactions: list[CartTransaction] = Field(min_length=1, max_length=100)


class TransactionResult(BaseModel):
    id: str
    status: Literal["applied", "duplicate", "rejected"]
    error: str | None = None


class CartSyncResult(BaseModel):
    results: list[TransactionResult]
    cart: Cart


class CheckoutRequest(ApiModel):
    address_id: int = Field(ge=1)
    carriers: dict[int, int] = Field(
        default_factory=dict,
        description="Delivery method chosen per shop (shop id: carrier id); "
        "the cheapest when omitted",
    )
    coupon_ids: list[int] | None = Field(
        None,
        max_length=20,
        description="The shopper's coupons (wallet card ids) to use: the best "
        "combination when omitted, none when empty. Each coupon goes to one "
        "shop's order.",
    )
    scene: str | None = Field(
        None,
        max_length=32,
        description="The scene of the mini-program code (store QR code, KOL or "
        "campaign code) this visit came from; same as the X-Mall-Scene header",
    )


class Carrier(BaseModel):
    id: int
    name: str
    fee: str = Money


class PreviewLine(BaseModel):
    variant_id: int
    name: str
    quantity: int
    price: str = Money
    subtotal: str = Money
    note: str | None = Field(
        None, description="Why the line is not at the limited-time discount price"
    )


class ShopOrderPreview(BaseModel):
    shop: ShopRef
    lines: list[PreviewLine]
    carriers: list[Carrier]
    carrier_id: int | None
    delivery_fee: str = Money
    amount_untaxed: str = Money
    amount_tax: str = Money
    amount_total: str = Money


class Coupon(BaseModel):
    id: int
    name: str
    discount: str = Money
    selected: bool = Field(
        False,
        description="Applied to the orders: the best combination, or the "
        "shopper's choice; the others would save `discount` alone",
    )
    shop_id: int | None = Field(None, description="The shop order it applies to")
    explanation: str | None = Field(None, description="满 200 减 30: -30.00")


class CheckoutPreview(BaseModel):
    currency: str
    orders: list[ShopOrderPreview]
    coupons: list[Coupon] = Field(
        description="Coupons that apply, the best first (member coupons come "
        "with the loyalty features)"
    )
    coupons_saved: str = Field(
        "0.00",
        pattern=r"^-?\d+(\.\d+)?$",
        description="What the selected coupons take off in all",
    )
    amount_total: str = Money


class OrderRef(BaseModel):
    id: int
    name: str
    shop: ShopRef | None
    amount_total: str = Money
    held: bool = Field(description="Held for review: it cannot be paid yet")


class Checkout(BaseModel):
    id: int
    name: str = Field(description="The reference the payment carries")
    currency: str
    amount_total: str = Money
    pay_before: datetime
    orders: list[OrderRef]


class PayRequest(ApiModel):
    provider: Literal["wechatpay", "alipay", "mall_balance"] = Field(
        "wechatpay",
        description="WeChat Pay (in the WeChat app), Alipay (in the Alipay app) "
        "or the shopper's balance",
    )
    installments: Literal[3, 6, 12] | None = Field(
        None,
        description="Huabei (花呗分期) instalments, Alipay only; the periods "
        "offered are in the mall's settings",
    )


class PayResult(BaseModel):
    reference: str = Field(description="The payment's reference")
    provider: str
    amount: str = Money
    state: Literal["pending", "done"] = Field(
        description="done: paid already (balance); pending: the shopper "
        "confirms in the app, and the order is paid when the platform's signed "
        "notification arrives"
    )
    request_payment: dict[str, str] | None = Field(
        None,
        description="WeChat Pay: the parameters of `wx.requestPayment`, signed "
        "by the server",
    )
    trade_no: str | None = Field(
        None, description="Alipay: the trade number `my.tradePay` takes"
    )
    balance_remaining: str | None = Field(
        None,
        pattern=r"^-?\d+(\.\d+)?$",
        description="Balance: what is left on it after this payment",
    )
