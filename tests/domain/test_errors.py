import pytest

from unionapp.domain.errors import DomainError


def test_domain_error_is_a_value_error_with_the_chinese_message():
    with pytest.raises(ValueError) as caught:
        raise DomainError("姓名不能为空")
    assert str(caught.value) == "姓名不能为空"
