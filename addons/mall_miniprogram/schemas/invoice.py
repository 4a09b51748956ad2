# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, Field, model_validator

from ..tools import tax_id as tax_ids
from .catalog import Money
from .common import ApiModel

TitleKind = Literal["personal", "company"]
InvoiceType = Literal["normal", "special"]
InvoiceRequestState = Literal["requested", "issued", "rejected", "cancelled"]

TAX_ID_MESSAGES = {
    "empty": "a company title needs its tax ID",
    "length": "must have 18 characters (15 for an older tax registration number)",
    "charset": "holds characters a tax ID never has",
    "region": "the region code (characters 3 to 8) must be digits",
    "check": "the check character (the last) does not match: a typo?",
}


def _tax_id(value):
    if value is None or not value.strip():
        return None
    try:
        return tax_ids.validate(value)
    except tax_ids.InvalidTaxId as exc:
        raise ValueError(TAX_ID_MESSAGES[exc.reason]) from exc


TaxId = Annotated[
    str | None,
    Field(
        max_length=32,
        description="统一社会信用代码 (18 characters, GB 32100-2015 check "
        "character) or an older 15-character tax registration number",
        examples=["91350100M000100Y43"],
    ),
    AfterValidator(_tax_id),
]


class InvoiceTitleRequest(ApiModel):
    kind: TitleKind = Field(description="personal (个人) or company (单位)")
    name: str = Field(min_length=1, max_length=100, description="抬头")
    tax_id: TaxId = None
    company_address: str | None = Field(None, max_length=200)
    company_phone: str | None = Field(None, max_length=40)
    bank_name: str | None = Field(None, max_length=100)
    bank_account: str | None = Field(None, max_length=64)
    email: str | None = Field(
        None,
        max_length=120,
        pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
        description="Where the electronic invoice is sent",
    )
    is_default: bool = False

    @model_validator(mode="after")
    def _company_has_tax_id(self):
        if self.kind == "company" and not self.tax_id:
            raise ValueError("a company title needs its tax_id")
        return self


class InvoiceTitle(BaseModel):
    id: int
    kind: TitleKind
    name: str
    tax_id: str | None
    company_address: str | None
    company_phone: str | None
    bank_name: str | None
    bank_account: str | None
    email: str | None
    is_default: bool


class InvoiceTitleDeleted(BaseModel):
    id: int
    deleted: bool


class InvoiceRequestBody(ApiModel):
    title_id: int = Field(ge=1, description="One of the shopper's saved titles")
    invoice_type: InvoiceType = Field(
        "normal",
        description="normal: 电子普通发票; special: 增值税专用发票 (a company "
        "title with address, phone, bank and account)",
    )


class InvoiceRequestTitle(BaseModel):
    kind: TitleKind
    name: str
    tax_id: str | None
    company_address: str | None
    company_phone: str | None
    bank_name: str | None
    bank_account: str | None
    email: str | None


class InvoiceRequest(BaseModel):
    id: int
    order_id: int
    order_name: str
    state: InvoiceRequestState
    invoice_type: InvoiceType
    title: InvoiceRequestTitle = Field(description="The title as it was when requested")
    amount: str = Money
    currency: str
    reject_reason: str | None
    invoice_number: str | None
    requested_at: datetime.datetime
    issued_at: datetime.datetime | None
    pdf_available: bool


class OrderInvoice(BaseModel):
    order_id: int
    can_request: bool = Field(
        description="Whether a new request is possible now (paid, not refunded "
        "in full, no open request)"
    )
    invoiceable_amount: str = Money
    request: InvoiceRequest | None = Field(
        description="The latest request of the order, if any"
    )
