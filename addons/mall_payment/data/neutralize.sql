-- disable the WeChat Pay credentials of a neutralized copy
UPDATE payment_provider
   SET wechatpay_apiv3_key = NULL,
       wechatpay_private_key = NULL,
       wechatpay_cert_serial_no = NULL;

-- and the Alipay app private key
UPDATE payment_provider
   SET alipay_app_private_key = NULL;
